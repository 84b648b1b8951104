// ONNX Runtime (onnxruntime-node) as the anchor of benchmarks/end-to-end.py.
//
//   node ort-runner.js time MODEL INPUT.npy THREADS REPEAT WARMUP
//       prints "median MS p10 MS p90 MS" of one session.run on the first
//       sample of INPUT.npy
//   node ort-runner.js run MODEL INPUT.npy OUTPUT.f32
//       runs every sample of INPUT.npy (one at a time) and writes the first
//       output of each, concatenated, as raw little-endian float32
//   node ort-runner.js minmax MODEL INPUT.npy OUTPUT.json
//       runs every sample and writes {output name: [min, max]} over all
//       samples for every output of MODEL
//
// Each mode also takes NAME=file.npy (float32) or NAME=int64:V arguments
// that feed the model's other inputs one fixed value (a sample rate), and
// NAME=file.npy@OUTPUT for a recurrent state carried from run to run.
//
// onnxruntime-node is found through NODE_PATH (npm install --ignore-scripts
// onnxruntime-node in a folder of your choice; it is not a dependency of
// the build). Sessions use all graph optimizations and sequential execution.

'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

function readNpy(path) {
  const buf = fs.readFileSync(path);
  if (buf.toString('latin1', 1, 6) !== 'NUMPY')
    throw new Error(path + ': not a .npy file');
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12);
  const header = buf.toString('latin1', start, start + headerLen);
  if (!/'descr':\s*'<f4'/.test(header) || /'fortran_order':\s*True/.test(header))
    throw new Error(path + ': expected C-ordered little-endian float32');
  const shape = header.match(/'shape':\s*\(([^)]*)\)/)[1].split(',')
                    .map((s) => s.trim()).filter((s) => s.length)
                    .map(Number);
  const offset = start + headerLen;
  const bytes = buf.subarray(offset);
  const data = new Float32Array(bytes.buffer.slice(
      bytes.byteOffset, bytes.byteOffset + bytes.length));
  return {shape, data};
}

function sample(array, i) {
  const per = array.shape.slice(1).reduce((a, b) => a * b, 1);
  return new ort.Tensor('float32', array.data.slice(i * per, (i + 1) * per),
                        [1, ...array.shape.slice(1)]);
}

// ORT_OPT_LEVEL=basic (or disabled, extended) opens the session at that
// graph optimization level instead of ONNX Runtime's default, 'all'.
async function open(model, threads) {
  return ort.InferenceSession.create(model, {
    graphOptimizationLevel: process.env.ORT_OPT_LEVEL || 'all',
    executionMode: 'sequential',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
}

// Extra arguments NAME=file.npy (a float32 array) or NAME=int64:V (a
// scalar) feed the model's other inputs the same value on every run;
// NAME=file.npy@OUTPUT starts from the file and then takes the previous
// run's output OUTPUT (a recurrent state, in modes run and minmax).
const carried = {};

function fixedFeeds(args) {
  const feeds = {};
  for (const arg of args) {
    let [name, value] = arg.split(/=(.*)/s);
    const at = value.lastIndexOf('@');
    if (at > 0) {
      carried[name] = value.slice(at + 1);
      value = value.slice(0, at);
    }
    if (value.startsWith('int64:')) {
      feeds[name] = new ort.Tensor('int64',
                                   BigInt64Array.from([BigInt(value.slice(6))]),
                                   []);
    } else {
      const array = readNpy(value);
      feeds[name] = new ort.Tensor('float32', array.data, array.shape);
    }
  }
  return feeds;
}

async function main() {
  const args = process.argv.slice(2);
  const fixed = fixedFeeds(args.filter((a) => a.includes('=')));
  const [mode, model, input, ...rest] = args.filter((a) => !a.includes('='));
  const array = readNpy(input);
  if (mode === 'time') {
    const [threads, repeat, warmup] = rest.map(Number);
    const session = await open(model, threads);
    const feeds = {...fixed, [session.inputNames[0]]: sample(array, 0)};
    for (let i = 0; i < warmup; ++i)
      await session.run(feeds);
    const times = [];
    for (let i = 0; i < repeat; ++i) {
      const start = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - start) * 1e-6);
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1,
                                     Math.round(q * (times.length - 1)))];
    console.log('median ' + at(0.5).toFixed(3) + ' p10 ' + at(0.1).toFixed(3) +
                ' p90 ' + at(0.9).toFixed(3));
    return;
  }
  const session = await open(model, 1);
  const count = array.shape[0];
  if (mode === 'run') {
    const chunks = [];
    for (let i = 0; i < count; ++i) {
      const out =
          await session.run({...fixed, [session.inputNames[0]]: sample(array, i)});
      for (const [input, output] of Object.entries(carried))
        fixed[input] = out[output];
      chunks.push(Buffer.from(out[session.outputNames[0]].data.buffer));
    }
    fs.writeFileSync(rest[0], Buffer.concat(chunks));
    return;
  }
  if (mode === 'minmax') {
    const ranges = {};
    for (let i = 0; i < count; ++i) {
      const out =
          await session.run({...fixed, [session.inputNames[0]]: sample(array, i)});
      for (const [input, output] of Object.entries(carried))
        fixed[input] = out[output];
      for (const name of session.outputNames) {
        let [lo, hi] = ranges[name] || [Infinity, -Infinity];
        for (const v of out[name].data) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        ranges[name] = [lo, hi];
      }
    }
    fs.writeFileSync(rest[0], JSON.stringify(ranges));
    return;
  }
  throw new Error('unknown mode ' + mode);
}

main().catch((e) => {
  console.error('ort-runner: ' + e.message);
  process.exit(1);
});
