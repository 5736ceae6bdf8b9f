//===- Passes.td - bnfold transformation passes -------------*- tablegen -*-===//

#ifndef BNFOLD_TRANSFORMS_PASSES_TD
#define BNFOLD_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldBatchNorm : Pass<"fold-batchnorm", "::mlir::func::FuncOp"> {
  let summary = "Fold nn.batch_norm into the layer that produces its input";
  let description = [{
    Rewrites `batch_norm(layer(x, W, b))` into `layer(x, W', b')` with
    `W'[c] = W[c] * s[c]`, `b'[c] = (b[c] - mean[c]) * s[c] + offset[c]` and
    `s = scale / sqrt(variance + epsilon)`, for every convolution (1 to 3
    spatial dims, grouped, depthwise, transposed) and `nn.matmul`, in every
    layout. It looks through
    `nn.identity`, absorbs `nn.bias_add` into the layer (also through the
    reshape after a matmul), folds through an `nn.reshape` after a matmul
    that keeps the features in the batch norm's feature dim and through
    `nn.batch_to_space` after a convolution, and turns TensorFlow's atrous
    triple into one dilated convolution. A batch norm written out as
    elementwise ops (`nn.sub`, `nn.div`, `nn.mul`, `nn.add` whose other
    operand holds one value per output channel of the layer, or one value:
    `(x - mean) / sqrt(var + eps) * gamma + beta`, `x * s + t`, ...) folds
    one op at a time, each as the batch norm it is. The graph shapes are
    PDLL patterns (`lib/Transforms/FoldBatchNorm.pdll`).

    The scaled weights are `nn.bn_fold_weights` / `nn.bn_fold_bias` ops; when
    their operands are constants (dense or dense_resource) they fold to one
    new constant per weight and per bias, computed in f64 and rounded once.
    When they are not (e.g. function arguments), the ops stay and compute the
    folded parameters at run time; with `runtime-parameters=false` such a
    batch_norm is left in place instead (for targets that cannot express
    those ops, such as ONNX export), and the report names the parameter that
    is not a constant.

    A batch_norm that cannot fold into its producer (its input is a block
    argument, or a non-layer's result, or the backward fold is refused)
    folds forward into the layers that read it, `layer(x * s + t)` ->
    `layer'(x)`: the weights of input channel `i` are scaled by `s[i]`
    (`nn.bn_fold_weights` along the layer's input channel map) and
    `b'[o] = b[o] + sum W[o, i, k] * t[i]` (`nn.bn_fold_input_bias`).
    Every user must be a layer that reads it as its input (each gets its own
    weights), and the parameters and weights must be constants. A padded
    convolution with a nonzero shift reads its input through an `nn.pad`
    whose value in channel `c` is `-t[c] / s[c]`, which the batch norm maps
    to 0, and is unpadded; with `per-channel-padding=false` such a batch
    norm is left in place. A transposed convolution folds a batch norm
    forward only when its shift is 0. Backward folding has priority. A batch
    norm that folds neither way and has no layer before it is reported with
    both reasons (`its input is a block argument, not the result of a
    layer, and its user 'nn.relu' is not a layer`).

    A batch_norm is left in place when: the layer's result has another user;
    a non-per-channel op sits between the layer and the batch_norm; a
    dimension the fold needs is dynamic; or a parameter is unusable (a
    constant variance + epsilon that is not positive as the batch norm
    computes it -- in f32 for f16/bf16, else in the element type -- or that
    differs there from the f64 sum the fold uses; a non-finite parameter);
    or a folded value would overflow the element type (or a nonzero weight
    underflow to 0). With `report`, every batch_norm gets a remark saying
    which op it was folded into (`folded into 'nn.conv2d'`) or exactly why
    it was not (`not folded: <reason>`), or `removed: its result is unused`
    when it was erased as dead code, followed by one `folded N of M
    batch_norm ops` remark per function; so does every elementwise op a
    pattern considered as such a step (an operand that varies along another
    dim than the channels, a zero divisor, ... say `not folded: <reason>`),
    with a `folded N of M per-channel elementwise ops` remark.

    A batch_norm after an `nn.concat` along its channels folds across it
    when every input of the concat is the result of a single-use layer (or
    of a reshape or batch_to_space after one, as above): the batch norm's
    parameters split by the inputs' channel ranges, each slice folds into
    its layer, and the batch_norm becomes the concat of the folded layers
    (`folded into 'nn.conv2d', 'nn.depthwise_conv2d' through 'nn.concat'`).
    The parameters, weights and biases must be constants. Otherwise the
    remark names the input that blocks and why (`not folded: operand #1 of
    'nn.concat' is a block argument, ...`, `... (channels 4 to 7 of the
    batch_norm) is the result of 'nn.conv2d': <the layer's own reason>`), or
    the concat's problem (it joins another dim, or has another user).

    A batch norm after an add of two full-size values each computed by a
    layer (directly or through the ops above), `BN(a + b) = (a * s + t) +
    b * s`, folds across the add: the whole batch norm into the first
    operand's layer, only its scale into the second's (its bias, if any,
    scaled). The add stays, now of the two folded layers; the report says
    `folded into 'nn.conv2d' and 'nn.conv2d' through 'nn.add'`. Both
    operands must be able to take their part, and the add must have no
    other user; else nothing changes and the report names the operand that
    blocks (`not folded: operand #1 of 'nn.add' is a block argument, not
    the result of a layer`, `not folded: for operand #1 of 'nn.add', the
    result of 'nn.conv2d' has another user`). An add that broadcasts an
    operand is not such a join (a per-channel operand is a step, above).

    Every record of the report also goes to the context's remark engine
    (`--remarks-filter=fold-batchnorm --remark-format=yaml`), with or without
    `report`: category `fold-batchnorm`, remark `Folded` (Passed),
    `NotFolded` (Missed, argument `Reason`), `Removed` or `Summary`
    (Analysis), with arguments `Node` (the location's name: the ONNX node)
    and `Op`; in the same order whatever the thread count. With
    `require-all`, a batch_norm left in place is an error (`not folded:
    <reason> (require-all)`) and the pass fails.

    With `mode=training`, an `nn.batch_norm_training` after a layer
    (any convolution or matmul, through an identity, a bias_add absorbed
    into the layer, a reshape after a matmul or a batch_to_space after a
    convolution, as above) folds into it in the form quantization-aware
    training uses:

    ```
    y  = layer(x, W, b)              the batch norm still reads it: batch
                                     statistics and moving averages
    W' = W * correction_scale * scale / sigma_batch
       = W * scale / sigma_moving    nn.bn_fold_weights (b' likewise)
    z  = layer(x, W', b')            <- a fake-quantization op goes on W'
    out = nn.bn_fold_correction(z)   z * correction + (offset - scale *
                                     batch_mean / sigma_batch +
                                     correction_offset)
    ```

    with `sigma = sqrt(variance + epsilon)`, `correction_scale =
    sigma_batch / sigma_moving`; before the freeze `correction =
    1 / correction_scale` and `correction_offset = 0` (out is the batch
    norm with batch statistics), from the freeze step on (`step >=
    freeze_delay`, the batch norm's own `step` operand and attribute)
    `correction = 1` and `correction_offset = scale * (batch_mean /
    sigma_batch - moving_mean / sigma_moving)` (out is the batch norm with
    the moving statistics, and the batch norm returns the moving averages
    unchanged). W' is what quantization sees: the weights of the inference
    graph, changing slowly with the moving variance rather than with every
    batch. A fake-quantization op is inserted on the result of the
    `nn.bn_fold_weights` op. The original layer stays (the other users of
    its result keep it, too); the remark says `folded for training into a
    copy of 'nn.conv2d'; the original computes the batch statistics`. In
    the default `mode=inference`, an `nn.batch_norm_training` is left with
    `not folded: batch statistics are computed at run time`.

    With `folded-weights=resource`, folded constant weights are
    `dense_resource` blobs even where the source weights are `dense`, named
    `bnfolded_<hash of the folded bytes>` (folded `dense_resource` weights
    are blobs either way). MLIR copies every new `dense` attribute into the
    context's attribute uniquer and hashes it on the way; for a model with
    large `dense` weights that copy is most of the fold's time, and a blob
    is neither copied nor uniqued. The numbers are the same; only their
    storage in the output differs. Weights that no fold changes keep their
    storage, and an `nn.bn_fold_weights` left to compute at run time
    carries the choice to its folder as `fold_to_resource`.

    With `clone-on-multi-use`, a layer whose result (or the reshape /
    batch_to_space after it) has other users no longer blocks a fold: the
    batch_norm, or an elementwise step, folds into a copy of the layer (and
    of the op in between), the other users keep the original, and the
    remark says so and what the copy costs: `folded into a copy of
    'nn.conv2d' (its result has 1 other user); the copy adds 3456 weight
    bytes` (the copy's weights and bias, at their element type; the layer
    is then also computed twice). A chain of steps or a bias_add and the
    batch norm after it make one copy, reported at the fold that uses it.
    A bias_add on a shared layer is absorbed into a copy only when its one
    user is a batch_norm that may fold, so that no copy is made for a
    bias_add alone. An add a batch norm folds across must still have that
    batch norm as its only user.
  }];
  let options = [
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark at each batch_norm and each per-channel "
           "elementwise step (folded into which op, or why not) and 'folded "
           "N of M batch_norm ops' / 'folded N of M per-channel elementwise "
           "ops' summaries">,
    Option<"runtimeParameters", "runtime-parameters", "bool",
           /*default=*/"true",
           "Fold a batch_norm whose weights or parameters are not constants "
           "into nn.bn_fold_weights / nn.bn_fold_bias ops computed at run "
           "time; with false, leave it, with the reason">,
    Option<"precompute", "precompute", "bool", /*default=*/"true",
           "Check and scale the constant weights of all the layers of a "
           "function in parallel before folding (the output is the same "
           "without; false computes each when its fold happens)">,
    Option<"perChannelPadding", "per-channel-padding", "bool",
           /*default=*/"true",
           "Fold a batch_norm forward into a padded convolution whose "
           "padding it shifts by moving the padding onto an nn.pad with one "
           "value per channel; with false (targets whose pad has one "
           "value: ONNX, TOSA), leave it, with the reason">,
    Option<"cloneOnMultiUse", "clone-on-multi-use", "bool",
           /*default=*/"false",
           "Fold a batch_norm (or elementwise step) whose layer's result has "
           "other users into a copy of the layer, reporting the weight "
           "bytes the copy adds; with false, leave it, with the reason">,
    Option<"requireAll", "require-all", "bool", /*default=*/"false",
           "Make a batch_norm left in place an error ('not folded: "
           "<reason>'), so that the run fails (exit status 1)">,
    Option<"mode", "mode", "::bnfold::FoldMode",
           /*default=*/"::bnfold::FoldMode::Inference",
           "What nn.batch_norm_training folds into",
           [{::llvm::cl::values(
               clEnumValN(::bnfold::FoldMode::Inference, "inference",
                          "nothing: its batch statistics are computed at "
                          "run time (the inference graph's fold)"),
               clEnumValN(::bnfold::FoldMode::Training, "training",
                          "the layer before it, in the corrected form of "
                          "quantization-aware training"))}]>,
    Option<"foldedWeights", "folded-weights",
           "::bnfold::nn::FoldedWeightStorage",
           /*default=*/"::bnfold::nn::FoldedWeightStorage::AsSource",
           "How folded constant weights are stored",
           [{::llvm::cl::values(
               clEnumValN(::bnfold::nn::FoldedWeightStorage::AsSource,
                          "same",
                          "as their source: dense stays dense, "
                          "dense_resource stays dense_resource"),
               clEnumValN(::bnfold::nn::FoldedWeightStorage::Resource,
                          "resource",
                          "always as dense_resource blobs, which MLIR does "
                          "not copy into its attribute uniquer (faster for "
                          "large dense weights)"))}]>,
  ];
  let dependentDialects = [
    "::bnfold::nn::NNDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::pdl::PDLDialect",
    "::mlir::pdl_interp::PDLInterpDialect",
  ];
}

#endif // BNFOLD_TRANSFORMS_PASSES_TD
