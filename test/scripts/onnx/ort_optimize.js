#!/usr/bin/env node
// onnxruntime's own offline graph optimization of a model: creates a session
// with graphOptimizationLevel 'basic' (constant folding and the BatchNorm
// fusions; --level extended or all for onnxruntime's higher levels) and
// optimizedModelFilePath, which writes the optimized graph. Prints
// {"seconds": session creation time} as one JSON line per model.
//
// Usage: node ort_optimize.js [--level basic|extended|all]
//                             MODEL.onnx OUT.onnx [MODEL2.onnx OUT2.onnx ...]
//        (several pairs: one node process for many small models)
'use strict';
const ort = require('onnxruntime-node');

async function main() {
  let args = process.argv.slice(2);
  let level = 'basic';
  if (args[0] === '--level') {
    level = args[1];
    args = args.slice(2);
  }
  if (args.length === 0 || args.length % 2 !== 0
      || !['basic', 'extended', 'all'].includes(level)) {
    console.error('usage: ort_optimize.js [--level basic|extended|all] '
                  + 'MODEL.onnx OUT.onnx [MODEL2.onnx OUT2.onnx ...]');
    process.exit(2);
  }
  for (let i = 0; i < args.length; i += 2) {
    const start = process.hrtime.bigint();
    await ort.InferenceSession.create(args[i], {
      graphOptimizationLevel: level,
      optimizedModelFilePath: args[i + 1],
      intraOpNumThreads: 1,
      logSeverityLevel: 3,  // not the warning that 'all' writes a machine-specific model
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(JSON.stringify({ seconds }));
  }
}

main().catch((e) => { console.error(String(e)); process.exit(1); });
