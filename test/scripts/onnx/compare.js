#!/usr/bin/env node
// Runs two ONNX models on the same random inputs with onnxruntime (CPU, graph
// optimizations disabled so the reference really executes its batch norms)
// and prints the largest differences between their outputs as one JSON line:
//   {"max_abs": ..., "max_rel": ..., "outputs": N}
// max_abs is max |a - b| over all output elements; max_rel is max_abs divided
// by max |b| of the reference output (so it is scale-free and never divides
// by a near-zero element; elements that are NaN or infinite in both, the
// same way, are left out). Exits 1 if an output's shape differs or a value
// is not finite in one model and another value in the other.
//
// With --input X.bin --reference64 Y.bin (raw little-endian float32 input for
// the single model input, float64 exact output), also runs both models on
// that input and adds "orig_vs_f64" and "cand_vs_f64": each model's max
// |out - exact| / max |exact|. A correct fold is as close to the exact answer
// as the original, even where a random network amplifies rounding noise.
//
// Usage: node compare.js REFERENCE.onnx CANDIDATE.onnx [--runs N] [--seed S]
//                        [--input X.bin --reference64 Y.bin]
//        node compare.js --pairs FILE [--runs N] [--seed S]   (one line
//                        "REFERENCE CANDIDATE" per comparison)
'use strict';
const ort = require('onnxruntime-node');

function mulberry32(seed) {
  return function () {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomTensor(meta, random) {
  const dims = meta.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
  const size = dims.reduce((a, b) => a * b, 1);
  switch (meta.type) {
    case 'float32': {
      const data = new Float32Array(size);
      for (let i = 0; i < size; ++i) {
        // Standard normal by Box-Muller: like real, centred activations.
        const u = 1 - random(), v = random();
        data[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      }
      return new ort.Tensor('float32', data, dims);
    }
    case 'float64': {
      const data = new Float64Array(size);
      for (let i = 0; i < size; ++i) data[i] = random() * 2 - 1;
      return new ort.Tensor('float64', data, dims);
    }
    case 'int64': {
      const data = new BigInt64Array(size);
      for (let i = 0; i < size; ++i) data[i] = BigInt(Math.floor(random() * 4));
      return new ort.Tensor('int64', data, dims);
    }
    default:
      throw new Error(`input '${meta.name}' has unsupported type ${meta.type}`);
  }
}

/// Runs both models on the same random inputs; the comparison of their
/// outputs (see the top of the file). `bad` marks a shape or finiteness
/// mismatch.
async function compare(refPath, candPath, runs, seed) {
  const options = { graphOptimizationLevel: 'disabled', intraOpNumThreads: 1 };
  const ref = await ort.InferenceSession.create(refPath, options);
  const cand = await ort.InferenceSession.create(candPath, options);
  const random = mulberry32(seed);
  let maxAbs = 0, maxRef = 0, bad = false;
  for (let r = 0; r < runs; ++r) {
    const feeds = {};
    for (const meta of ref.inputMetadata) feeds[meta.name] = randomTensor(meta, random);
    const a = await ref.run(feeds);
    const b = await cand.run(feeds);
    for (const name of ref.outputNames) {
      const x = a[name], y = b[name];
      if (!y || x.dims.join(',') !== y.dims.join(',')) {
        console.error(`output '${name}': shape ${x.dims} vs ${y ? y.dims : 'missing'}`);
        bad = true;
        continue;
      }
      for (let i = 0; i < x.data.length; ++i) {
        const u = Number(x.data[i]), v = Number(y.data[i]);
        if (!Number.isFinite(u) || !Number.isFinite(v)) {
          // NaN where the reference has NaN, the same infinity: agreement.
          if (!(u === v || (Number.isNaN(u) && Number.isNaN(v)))) bad = true;
          continue;
        }
        maxAbs = Math.max(maxAbs, Math.abs(u - v));
        maxRef = Math.max(maxRef, Math.abs(u));
      }
    }
  }
  return { ref, cand, bad, result: { max_abs: maxAbs, max_rel: maxRef > 0 ? maxAbs / maxRef : maxAbs,
                                     outputs: ref.outputNames.length, runs } };
}

async function main() {
  const args = process.argv.slice(2);
  let runs = 3, seed = 1234, inputFile = null, exactFile = null, pairsFile = null;
  const files = [];
  for (let i = 0; i < args.length; ++i) {
    if (args[i] === '--runs') runs = Number(args[++i]);
    else if (args[i] === '--seed') seed = Number(args[++i]);
    else if (args[i] === '--input') inputFile = args[++i];
    else if (args[i] === '--reference64') exactFile = args[++i];
    else if (args[i] === '--pairs') pairsFile = args[++i];
    else files.push(args[i]);
  }
  if (pairsFile) {
    // One comparison per line "REFERENCE CANDIDATE", one JSON line each (with
    // "ref", "cand" and, when a model fails to load or run, "error"): one node
    // process for many small models.
    const fs = require('fs');
    let failed = false;
    for (const line of fs.readFileSync(pairsFile, 'utf8').split('\n')) {
      const [a, b] = line.trim().split(/\s+/);
      if (!a || !b) continue;
      let out;
      try {
        const { bad, result } = await compare(a, b, runs, seed);
        out = Object.assign({ ref: a, cand: b, bad }, result);
        failed = failed || bad;
      } catch (e) {
        out = { ref: a, cand: b, error: String(e) };
        failed = true;
      }
      console.log(JSON.stringify(out));
    }
    process.exit(failed ? 1 : 0);
  }
  if (files.length !== 2) {
    console.error('usage: compare.js REFERENCE.onnx CANDIDATE.onnx [--runs N] [--seed S]');
    process.exit(2);
  }
  const { ref, cand, bad, result } = await compare(files[0], files[1], runs, seed);
  if (inputFile && exactFile) {
    const fs = require('fs');
    const meta = ref.inputMetadata[0];
    const buf = fs.readFileSync(inputFile);
    const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
    const feeds = { [meta.name]: new ort.Tensor('float32', data, meta.shape) };
    const eb = fs.readFileSync(exactFile);
    const exact = new Float64Array(eb.buffer.slice(eb.byteOffset, eb.byteOffset + eb.length));
    let exactMax = 0;
    for (const v of exact) exactMax = Math.max(exactMax, Math.abs(v));
    const name = ref.outputNames[0];
    for (const [session, key] of [[ref, 'orig_vs_f64'], [cand, 'cand_vs_f64']]) {
      const out = (await session.run(feeds))[name].data;
      if (out.length !== exact.length) throw new Error('reference64 has the wrong size');
      let err = 0;
      for (let i = 0; i < out.length; ++i) err = Math.max(err, Math.abs(out[i] - exact[i]));
      result[key] = exactMax > 0 ? err / exactMax : err;
    }
  }
  console.log(JSON.stringify(result));
  process.exit(bad ? 1 : 0);
}

main().catch((e) => { console.error(String(e)); process.exit(1); });
