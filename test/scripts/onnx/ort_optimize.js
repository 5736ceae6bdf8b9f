#!/usr/bin/env node
// onnxruntime's own offline graph optimization of a model: creates a session
// with graphOptimizationLevel 'basic' (constant folding and the BatchNorm
// fusions) and optimizedModelFilePath, which writes the optimized graph.
// Prints {"seconds": session creation time} as one JSON line.
//
// Usage: node ort_optimize.js MODEL.onnx OUT.onnx
'use strict';
const ort = require('onnxruntime-node');

async function main() {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: ort_optimize.js MODEL.onnx OUT.onnx');
    process.exit(2);
  }
  const start = process.hrtime.bigint();
  await ort.InferenceSession.create(input, {
    graphOptimizationLevel: 'basic',
    optimizedModelFilePath: output,
    intraOpNumThreads: 1,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ seconds }));
}

main().catch((e) => { console.error(String(e)); process.exit(1); });
