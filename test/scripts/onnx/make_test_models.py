#!/usr/bin/python3
"""Writes the small hand-made ONNX models under test/Target/ONNX/Inputs.

Deterministic (fixed seed), so re-running it reproduces the committed files.
Usage: make_test_models.py [OUT_DIR]
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "Target",
    "ONNX", "Inputs")
rng = np.random.default_rng(0)
F = TensorProto.FLOAT


def init(name, shape, positive=False):
    a = rng.standard_normal(shape).astype(np.float32)
    if positive:
        a = np.abs(a) + 0.5
    return numpy_helper.from_array(a, name)


def bn_inits(prefix, c):
    return [init(prefix + ".scale", [c]), init(prefix + ".bias", [c]),
            init(prefix + ".mean", [c]), init(prefix + ".var", [c], True)]


def bn_node(name, x, y, prefix, **attrs):
    return helper.make_node("BatchNormalization",
                            [x, prefix + ".scale", prefix + ".bias",
                             prefix + ".mean", prefix + ".var"], [y],
                            name=name, **attrs)


def save(name, nodes, inputs, outputs, inits, opset=13, check=True,
         ir_version=7, opsets=None):
    graph = helper.make_graph(nodes, name, inputs, outputs, inits)
    model = helper.make_model(
        graph, producer_name="bnfold-tests",
        opset_imports=[helper.make_opsetid(d, v)
                       for d, v in (opsets or [("", opset)])])
    model.ir_version = ir_version
    # Outputs declared without a shape get the inferred one (the checker
    # wants a shape on every graph output).
    if any(not o.type.tensor_type.HasField("shape") for o in outputs):
        inferred = onnx.shape_inference.infer_shapes(model)
        known = {v.name: v for v in list(inferred.graph.value_info)
                 + list(inferred.graph.output)}
        for o in model.graph.output:
            if not o.type.tensor_type.HasField("shape") and o.name in known:
                o.type.CopyFrom(known[o.name].type)
    if check:
        onnx.checker.check_model(model)
    path = os.path.join(OUT, name + ".onnx")
    onnx.save(model, path)
    return path


def vi(name, shape, t=F):
    return helper.make_tensor_value_info(name, t, shape)


def main():
    os.makedirs(OUT, exist_ok=True)
    # Conv with bias, explicit asymmetric pads, strides -> BN -> Relu.
    save("conv_bn_relu", [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv",
                         pads=[1, 0, 2, 1], strides=[2, 1], kernel_shape=[3, 3]),
        bn_node("bn", "c", "n", "bn", epsilon=1e-3),
        helper.make_node("Relu", ["n"], ["y"], name="relu"),
    ], [vi("x", ["N", 3, 8, 8])], [vi("y", ["N", 4, 5, 7])],
        [init("w", [4, 3, 3, 3]), init("b", [4])] + bn_inits("bn", 4))

    # auto_pad variants, dilations, no bias, groups, depthwise.
    for mode in ["SAME_UPPER", "SAME_LOWER", "VALID"]:
        save("conv_" + mode.lower(), [
            helper.make_node("Conv", ["x", "w"], ["y"], name="conv",
                             auto_pad=mode, strides=[2, 2])],
            [vi("x", [1, 2, 8, 7])], [vi("y", None)], [init("w", [3, 2, 4, 4])])
    save("conv_dilated_grouped", [
        helper.make_node("Conv", ["x", "w"], ["y"], name="conv", group=2,
                         dilations=[2, 3], pads=[2, 3, 2, 3])],
        [vi("x", [1, 4, 9, 9])], [vi("y", None)], [init("w", [6, 2, 3, 3])])
    save("conv_depthwise_bn", [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], name="dw", group=4,
                         pads=[1, 1, 1, 1]),
        bn_node("bn", "c", "y", "bn")],
        [vi("x", [1, 4, 5, 5])], [vi("y", None)],
        [init("w", [8, 1, 3, 3]), init("b", [8])] + bn_inits("bn", 8))

    # Gemm forms and MatMul.
    save("gemm", [
        helper.make_node("Gemm", ["x", "w", "b"], ["g"], name="fc", transB=1),
        helper.make_node("Gemm", ["g", "w2", "b2"], ["h"], name="fc_c2d"),
        helper.make_node("Gemm", ["h", "w3"], ["y"], name="fc_ta", transA=1),
        helper.make_node("Gemm", ["x", "w", "b"], ["z"], name="fc_alpha",
                         transB=1, alpha=0.5, beta=2.0),
    ], [vi("x", [2, 6])], [vi("y", None), vi("z", None)],
        [init("w", [5, 6]), init("b", [5]), init("w2", [5, 3]),
         init("b2", [1, 3]), init("w3", [2, 4])])
    save("matmul_bn", [
        helper.make_node("MatMul", ["x", "w"], ["m"], name="mm"),
        helper.make_node("Flatten", ["m"], ["f"], name="flat", axis=1),
        bn_node("bn", "f", "y", "bn"),
    ], [vi("x", [2, 1, 6])], [vi("y", None)],
        [init("w", [6, 5])] + bn_inits("bn", 5))

    # Structural ops: Add, Identity, Reshape with a constant shape, Flatten.
    save("structural", [
        helper.make_node("Identity", ["x"], ["i"], name="ident"),
        helper.make_node("Add", ["i", "x"], ["a"], name="add"),
        helper.make_node("Reshape", ["a", "shape"], ["r"], name="reshape"),
        helper.make_node("Flatten", ["r"], ["y"], name="flatten", axis=2),
    ], [vi("x", [2, 3, 4])], [vi("y", None)],
        [numpy_helper.from_array(np.array([2, 2, 6], np.int64), "shape")])

    # Ops without nn equivalents: all carried by nn.onnx_op.
    save("carried", [
        helper.make_node("MaxPool", ["x"], ["p"], name="pool",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Clip", ["p", "", "hi"], ["c"], name="clip"),
        helper.make_node("HardSigmoid", ["c"], ["hs"], name="hsig", alpha=0.2),
        helper.make_node("Split", ["hs"], ["s0", "s1"], name="split", axis=1),
        helper.make_node("Concat", ["s1", "s0"], ["cat"], name="cat", axis=1),
        helper.make_node("Transpose", ["cat"], ["t"], name="tr", perm=[0, 2, 3, 1]),
        helper.make_node("ReduceMean", ["t"], ["rm"], name="mean", axes=[1, 2],
                         keepdims=0),
        helper.make_node("Constant", [], ["k"], name="k",
                         value_floats=[1.0, 2.0, 3.0, 4.0]),
        helper.make_node("Mul", ["rm", "k"], ["mul"], name="mul"),
        helper.make_node("Shape", ["mul"], ["shp"], name="shape"),
        helper.make_node("Gather", ["shp", "zero"], ["g"], name="gather", axis=0),
        helper.make_node("Unsqueeze", ["g", "axes"], ["u"], name="unsq"),
        helper.make_node("Dropout", ["mul"], ["d", "mask"], name="drop"),
        helper.make_node("Softmax", ["d"], ["y"], name="softmax", axis=-1),
        helper.make_node("Cast", ["mask"], ["mask_f"], name="cast", to=F),
        helper.make_node("ConstantOfShape", ["u"], ["cos"], name="cos",
                         value=numpy_helper.from_array(np.array([7], np.int64))),
    ], [vi("x", [1, 4, 4, 4])],
        [vi("y", None), vi("mask_f", None), vi("cos", None, TensorProto.INT64)],
        [numpy_helper.from_array(np.array(6.0, np.float32), "hi"),
         numpy_helper.from_array(np.array(0, np.int64), "zero"),
         numpy_helper.from_array(np.array([0], np.int64), "axes")])

    # IR >= 4: a weight also listed as a graph input is a default value the
    # caller may override: it stays an input, and the batch norm is not
    # folded through it.
    save("init_as_input", [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
        bn_node("bn", "c", "y", "bn")],
        [vi("x", [1, 2, 3, 3]), vi("w", [2, 2, 1, 1])], [vi("y", None)],
        [init("w", [2, 2, 1, 1])] + bn_inits("bn", 2))
    # Errors.
    save("bn_training", [bn_node("bn_train", "x", "y", "bn", training_mode=1)],
         [vi("x", [1, 2, 3, 3])], [vi("y", [1, 2, 3, 3])], bn_inits("bn", 2), opset=15)
    save("bn_extra_outputs", [
        helper.make_node("BatchNormalization",
                         ["x", "bn.scale", "bn.bias", "bn.mean", "bn.var"],
                         ["y", "m", "v", "sm", "sv"], name="bn_stats")],
         [vi("x", [1, 2, 3, 3])], [vi("y", [1, 2, 3, 3]), vi("m", [2]), vi("v", [2]),
                                   vi("sm", [2]), vi("sv", [2])],
         bn_inits("bn", 2), opset=13)
    then = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["t"], name="then_id")], "then", [],
        [vi("t", [2])])
    save("if_subgraph", [
        helper.make_node("If", ["cond"], ["y"], name="branch",
                         then_branch=then, else_branch=then)],
         [vi("cond", [], TensorProto.BOOL), vi("x", [2])], [vi("y", [2])], [])
    # A Conv whose weight has a higher rank than its input crashes libonnx
    # 1.12's shape inference (found by bnfold-fuzz-onnx).
    save("conv_rank_mismatch", [
        helper.make_node("Conv", ["x", "w"], ["y"], name="conv")],
        [vi("x", [2, 3, 3])], [vi("y", [2, 2, 3, 3])],
        [numpy_helper.from_array(np.ones([2, 2, 1, 1], np.float32), "w")],
        check=False)
    save("opset10", [helper.make_node("Relu", ["x"], ["y"], name="relu")],
         [vi("x", [2])], [vi("y", [2])], [], opset=10)

    # Broken files.
    good = open(os.path.join(OUT, "conv_bn_relu.onnx"), "rb").read()
    open(os.path.join(OUT, "truncated.onnx"), "wb").write(good[: len(good) // 2])
    bad = bytearray(good)
    for i in range(20, 60):
        bad[i] = 0xFF
    open(os.path.join(OUT, "corrupted.onnx"), "wb").write(bytes(bad))
    open(os.path.join(OUT, "not_onnx.onnx"), "w").write(
        "func.func @f() { return }\n")
    open(os.path.join(OUT, "empty.onnx"), "wb").close()

    hostile_models()
    hostile_tensors()
    shape_computations()
    graph_inputs()
    convolutions_nd()
    elementwise_steps()
    forward_folds()
    concat_models()
    add_joins()


def hostile_models():
    """Valid models whose batch-norm parameters must not be folded (see the
    hostile-input policy in docs/hardening.md), next to one that must."""
    def conv_bn(tag, w, mean, var, scale, epsilon, dtype=np.float32):
        return ([helper.make_node("Conv", ["x", tag + ".w"], [tag + ".c"],
                                  name=tag + "_conv"),
                 bn_node(tag, tag + ".c", tag + ".y", tag, epsilon=epsilon)],
                [numpy_helper.from_array(np.array(w, dtype), tag + ".w"),
                 numpy_helper.from_array(np.array(scale, dtype), tag + ".scale"),
                 numpy_helper.from_array(np.zeros(2, dtype), tag + ".bias"),
                 numpy_helper.from_array(np.array(mean, dtype), tag + ".mean"),
                 numpy_helper.from_array(np.array(var, dtype), tag + ".var")])

    w = np.ones([2, 2, 1, 1])
    branches = [
        conv_bn("ok", w, [0, 0], [1, 3], [1, 1], 1.0),
        conv_bn("negvar", w, [0, 0], [1, -2], [1, 1], 1.0),
        conv_bn("zerovar", w, [0, 0], [1, 0], [1, 1], 0.0),
        conv_bn("nanmean", w, [0, np.nan], [1, 1], [1, 1], 1e-5),
        conv_bn("infscale", w, [0, 0], [1, 1], [np.inf, 1], 1e-5),
    ]
    save("bn_hostile_params", [n for b in branches for n in b[0]],
         [vi("x", [1, 2, 3, 3])],
         [vi(tag + ".y", [1, 2, 3, 3])
          for tag in ["ok", "negvar", "zerovar", "nanmean", "infscale"]],
         [t for b in branches for t in b[1]])
    # f16: 1 / sqrt(1e-4) = 100 scales a weight of 1000 to 100000 > 65504.
    nodes, inits = conv_bn("f16", [[[[1000.0]], [[1.0]]], [[[1.0]], [[1.0]]]],
                           [0, 0], [1e-4, 1], [1, 1], 0.0, np.float16)
    save("bn_f16_overflow", nodes,
         [vi("x", [1, 2, 3, 3], TensorProto.FLOAT16)],
         [vi("f16.y", [1, 2, 3, 3], TensorProto.FLOAT16)], inits)


def huge_tensor(name, dims, values=(1.0,), raw=None):
    """A float tensor claiming `dims` and holding only `values` (or `raw`)."""
    t = TensorProto()
    t.name = name
    t.data_type = F
    t.dims.extend(dims)
    if raw is not None:
        t.raw_data = raw
    else:
        t.float_data.extend(values)
    return t


def hostile_tensors():
    """Tiny files whose tensors claim far more elements than they hold: an
    error naming the tensor, without allocating for the claim (see the ONNX
    rows of docs/hardening.md). onnx::checker accepts them all."""
    identity = [helper.make_node("Identity", ["t"], ["y"], name="use")]
    save("huge_initializer", identity, [], [vi("y", [2**40])],
         [huge_tensor("t", [2**40])])
    save("huge_initializer_2_31", identity, [], [vi("y", [2**31])],
         [huge_tensor("t", [2**31])])
    save("huge_constant", [
        helper.make_node("Constant", [], ["t"], name="k",
                         value=huge_tensor("v", [2**40]))] + identity,
        [], [vi("y", [2**40])], [])
    save("huge_constant_of_shape", [
        helper.make_node("ConstantOfShape", ["s"], ["y"], name="fill",
                         value=huge_tensor("v", [2**40]))],
        [vi("s", [1], TensorProto.INT64)], [vi("y", ["n"])], [])
    # 7 * 0x6DB6DB6DB6DB6DB7 is 1 modulo 2^64: a product that wraps in int64
    # to exactly the one value given.
    save("dims_overflow", identity, [], [vi("y", [7, 0x6DB6DB6DB6DB6DB7])],
         [huge_tensor("t", [7, 0x6DB6DB6DB6DB6DB7])])
    # (2^62 + 1) f32 elements are 2^64 + 4 bytes, 4 when wrapped to 64 bits.
    save("raw_data_overflow", identity, [], [vi("y", [2**62 + 1])],
         [huge_tensor("t", [2**62 + 1], raw=b"\0\0\x80\x3f")])
    # Two entries for the default domain.
    save("opset_twice", [helper.make_node("Relu", ["x"], ["y"], name="relu")],
         [vi("x", [2])], [vi("y", [2])], [], opsets=[("", 7), ("ai.onnx", 13)])


def int64_constant(name, values):
    return helper.make_node("Constant", [], [name], name=name,
                            value=numpy_helper.from_array(
                                np.array(values, np.int64)))


def reshape_chain(links):
    """x -> Reshape -> Relu -> Reshape -> Relu ..., each Reshape's target
    computed from the Shape of its input (Shape -> Gather -> Concat with a
    Constant), alternating [1, 8, 16] and [1, 8, 4, 4]. Also used by
    benchmark.py --import-cases."""
    nodes = []
    x = "x"
    for i in range(links):
        p = "s%d_" % i
        nodes += [
            helper.make_node("Shape", [x], [p + "shape"]),
            helper.make_node("Gather", [p + "shape", "first2"], [p + "nc"],
                             axis=0),
            int64_constant(p + "k", [16] if i % 2 == 0 else [4, 4]),
            helper.make_node("Concat", [p + "nc", p + "k"], [p + "target"],
                             axis=0),
            helper.make_node("Reshape", [x, p + "target"], [p + "r"]),
            helper.make_node("Relu", [p + "r"], [p + "y"])]
        x = p + "y"
    graph = helper.make_graph(
        nodes, "reshape_chain", [vi("x", [1, 8, 4, 4])],
        [vi(x, [1, 8, 4, 4] if links % 2 == 0 else [1, 8, 16])],
        [numpy_helper.from_array(np.array([0, 1], np.int64), "first2")])
    model = helper.make_model(graph, producer_name="bnfold-tests",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model


def shape_computations():
    """Shapes computed in the graph (completed by the importer's own int64
    evaluation, ShapeInference.cpp)."""
    I64 = TensorProto.INT64
    const = int64_constant
    # INT64_MIN / -1 and 2^62 * 4 overflow int64: no value, no crash.
    save("shape_overflow", [
        const("min", [-2**63]), const("minus1", [-1]),
        helper.make_node("Div", ["min", "minus1"], ["q"], name="div"),
        const("big", [2**62]), const("four", [4]),
        helper.make_node("Mul", ["big", "four"], ["p"], name="mul"),
        helper.make_node("Concat", ["q", "p"], ["target"], name="cat", axis=0),
        helper.make_node("Reshape", ["x", "target"], ["y"], name="reshape")],
        [vi("x", [2, 3])], [vi("q", [1], I64), vi("y", ["a", "b"])], [])
    # A chain of 300 Reshapes, each to a shape computed from the Shape of
    # the previous result: more than the rounds of whole-graph inference
    # the importer used to run (256); every Relu must get its type.
    onnx.save(reshape_chain(300), os.path.join(OUT, "reshape_chain.onnx"))
    # 40 Concats, each doubling an int64 tensor: libonnx's data propagation
    # would build 2^40 dims (bnfold's evaluation stops at 64 elements).
    nodes = [const("c0", [1])]
    for i in range(40):
        nodes.append(helper.make_node("Concat", ["c%d" % i] * 2,
                                      ["c%d" % (i + 1)], axis=0))
    save("concat_doubling", nodes, [], [vi("c40", [2**40], I64)], [])
    # A BatchNormalization nn.batch_norm cannot hold (negative epsilon; the
    # variance keeps variance + epsilon positive) next to one that folds.
    bad = [init("bad.scale", [2]), init("bad.bias", [2]), init("bad.mean", [2]),
           numpy_helper.from_array(np.array([2.0, 3.0], np.float32), "bad.var")]
    save("bn_negative_epsilon", [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
        bn_node("bn", "c", "n", "bn"),
        helper.make_node("Conv", ["n", "w2"], ["c2"], name="conv2"),
        bn_node("bad", "c2", "y", "bad", epsilon=-1.0)],
        [vi("x", [1, 2, 3, 3])], [vi("y", None)],
        [init("w", [2, 2, 1, 1]), init("w2", [2, 2, 1, 1])] + bn_inits("bn", 2)
        + bad)


def graph_inputs():
    """Initializers that are graph inputs, and graph inputs as batch-norm
    parameters."""
    # IR 3: every initializer is listed as a graph input, and is a constant.
    ir3_inits = [init("w", [2, 2, 1, 1])] + bn_inits("bn", 2)
    save("init_as_input_ir3", [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
        bn_node("bn", "c", "y", "bn")],
        [vi("x", [1, 2, 3, 3])] + [vi(t.name, list(t.dims)) for t in ir3_inits],
        [vi("y", None)], ir3_inits, ir_version=3)
    # Batch-norm statistics that are graph inputs (the mean a plain input,
    # the variance an overridable initializer): that batch norm stays, the
    # other one folds.
    save("bn_stats_inputs", [
        helper.make_node("Conv", ["x", "w1"], ["c1"], name="conv1"),
        helper.make_node("BatchNormalization",
                         ["c1", "bn1.scale", "bn1.bias", "mean", "var"],
                         ["y1"], name="bn1"),
        helper.make_node("Conv", ["x", "w2"], ["c2"], name="conv2"),
        bn_node("bn2", "c2", "y2", "bn2")],
        [vi("x", [1, 2, 3, 3]), vi("mean", [2]), vi("var", [2])],
        [vi("y1", None), vi("y2", None)],
        [init("w1", [2, 2, 1, 1]), init("bn1.scale", [2]),
         init("bn1.bias", [2]), init("var", [2], True),
         init("w2", [2, 2, 1, 1])] + bn_inits("bn2", 2))


def convolutions_nd():
    """Convolutions over 1 and 3 spatial dims and transposed convolutions
    (every way ConvTranspose gets its padding), each followed by a
    BatchNormalization."""
    def layer_bn(name, op, x_shape, w_shape, channels, bias=True, **attrs):
        inputs = ["x", "w"] + (["b"] if bias else [])
        save(name, [helper.make_node(op, inputs, ["c"], name="conv", **attrs),
                    bn_node("bn", "c", "y", "bn")],
             [vi("x", x_shape)], [vi("y", None)],
             [init("w", w_shape)] + ([init("b", [channels])] if bias else [])
             + bn_inits("bn", channels))

    layer_bn("conv1d_bn", "Conv", ["N", 4, 16], [6, 2, 3], 6, group=2,
             strides=[2], dilations=[2], pads=[1, 2])
    layer_bn("conv3d_bn", "Conv", [1, 3, 6, 8, 8], [4, 3, 3, 3, 3], 4,
             bias=False, strides=[1, 2, 2], pads=[1, 0, 1, 1, 1, 0])
    layer_bn("conv3d_depthwise_bn", "Conv", [1, 4, 4, 6, 6], [8, 1, 3, 3, 3],
             8, group=4, pads=[1, 1, 1, 1, 1, 1])
    # Stride 2, output_padding 1, asymmetric pads; ungrouped and G = 2.
    layer_bn("convtranspose_bn", "ConvTranspose", [1, 4, 5, 5], [4, 3, 3, 3],
             3, strides=[2, 2], output_padding=[1, 1], pads=[1, 0, 1, 2])
    layer_bn("convtranspose_grouped_bn", "ConvTranspose", [1, 4, 5, 5],
             [4, 3, 3, 3], 6, group=2, strides=[2, 2], output_padding=[1, 1],
             pads=[1, 0, 1, 2])
    # Padding derived from output_shape (totals 1 and 3: the odd one goes
    # at the beginning), from SAME_UPPER (end) and SAME_LOWER (beginning)
    # over 1 and 3 spatial dims; VALID with output_padding.
    layer_bn("convtranspose_output_shape_bn", "ConvTranspose", [1, 3, 5, 5],
             [3, 4, 3, 3], 4, bias=False, strides=[2, 2], dilations=[1, 2],
             output_shape=[10, 10])
    layer_bn("convtranspose_same_upper_bn", "ConvTranspose", [1, 4, 7],
             [4, 2, 3], 2, strides=[2], auto_pad="SAME_UPPER")
    layer_bn("convtranspose_same_lower_bn", "ConvTranspose", [1, 2, 3, 4, 4],
             [2, 3, 3, 3, 3], 3, strides=[1, 2, 2], auto_pad="SAME_LOWER")
    layer_bn("convtranspose_valid_bn", "ConvTranspose", [1, 3, 4, 4],
             [3, 2, 3, 3], 2, strides=[2, 2], dilations=[1, 2],
             output_padding=[1, 1], auto_pad="VALID")
    # Forms that stay nn.onnx_op: 4 spatial dims; SAME_UPPER with
    # output_padding (onnxruntime's output is input * stride, ONNX's shape
    # inference adds the output_padding).
    layer_bn("conv4d_bn", "Conv", [1, 2, 3, 3, 3, 3], [2, 2, 1, 1, 1, 1], 2)
    layer_bn("convtranspose_same_output_padding_bn", "ConvTranspose",
             [1, 2, 5], [2, 2, 3], 2, strides=[2], output_padding=[1],
             auto_pad="SAME_UPPER")


def elementwise_steps():
    """Broadcasting Mul, Sub, Div, Add, Sqrt and Reciprocal on per-channel
    constants of their own shapes ([C, 1, 1], [1, C, 1, 1], a scalar) that
    follow no layer: raised to nn ops, nothing folds, and the export gives
    every node back with its constant as it was."""
    save("elementwise_steps", [
        # The attributes the export writes, so that the exported model
        # imports as the same IR.
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv",
                         dilations=[1, 1], group=1, kernel_shape=[1, 1],
                         pads=[0, 0, 0, 0], strides=[1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("Sqrt", ["r"], ["sq"], name="sqrt"),
        helper.make_node("Mul", ["sq", "g"], ["a"], name="mul"),
        helper.make_node("Sub", ["m", "a"], ["s"], name="sub"),
        helper.make_node("Div", ["s", "d"], ["q"], name="div"),
        helper.make_node("Add", ["q", "k"], ["y"], name="add"),
        helper.make_node("Add", ["sq", "one"], ["sq1"], name="add_one"),
        helper.make_node("Reciprocal", ["sq1"], ["z"], name="reciprocal"),
    ], [vi("x", ["N", 4, 3, 3])], [vi("y", None), vi("z", None)],
        [init("w", [4, 4, 1, 1]), init("g", [4, 1, 1]), init("m", [1, 4, 1, 1]),
         init("d", [4, 1, 1], True), numpy_helper.from_array(np.array(0.5, np.float32), "k"),
         numpy_helper.from_array(np.array(1.0, np.float32), "one")])


def forward_folds():
    """Batch norms on the graph input, which can only fold into the
    convolutions after them: one feeding two unpadded Convs (folds), one
    feeding a padded Conv (ONNX pads with zeros, so it stays), and the
    pre-activation block BatchNormalization -> Relu -> Conv (stays). Its own
    generator, so that it does not change the other models."""
    g = np.random.default_rng(16)

    def tensor(name, shape, positive=False):
        a = g.standard_normal(shape).astype(np.float32)
        if positive:
            a = np.abs(a) + 0.5
        return numpy_helper.from_array(a, name)

    def stats(prefix, c):
        return [tensor(prefix + ".scale", [c]), tensor(prefix + ".bias", [c]),
                tensor(prefix + ".mean", [c]),
                tensor(prefix + ".var", [c], True)]

    save("bn_input_forward", [
        bn_node("bn_two_convs", "x", "a", "a"),
        helper.make_node("Conv", ["a", "w1", "b1"], ["y1"], name="conv1"),
        helper.make_node("Conv", ["a", "w2"], ["y2"], name="conv2",
                         strides=[2, 2]),
        bn_node("bn_padded", "x", "p", "p"),
        helper.make_node("Conv", ["p", "w3"], ["y3"], name="conv3",
                         pads=[1, 1, 1, 1]),
        bn_node("bn_preact", "x", "r0", "r"),
        helper.make_node("Relu", ["r0"], ["r1"], name="relu"),
        helper.make_node("Conv", ["r1", "w4"], ["y4"], name="conv4")],
        [vi("x", [1, 3, 6, 6])],
        [vi("y1", None), vi("y2", None), vi("y3", None), vi("y4", None)],
        [tensor("w1", [4, 3, 1, 1]), tensor("b1", [4]),
         tensor("w2", [2, 3, 3, 3]), tensor("w3", [2, 3, 3, 3]),
         tensor("w4", [2, 3, 1, 1])]
        + stats("a", 3) + stats("p", 3) + stats("r", 3))


def concat_models():
    """A BatchNormalization after a Concat of a Conv, a depthwise Conv and a
    grouped Conv (folds into all three), one after a Concat along the height
    (stays), and a negative Concat axis."""
    save("concat_bn", [
        helper.make_node("Conv", ["x", "wa", "ba"], ["a"], name="conv_a",
                         pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["x", "wd"], ["d"], name="conv_dw", group=4),
        helper.make_node("Conv", ["x", "wg", "bg"], ["g"], name="conv_g",
                         group=2, pads=[0, 1, 0, 1], kernel_shape=[1, 3]),
        helper.make_node("Concat", ["a", "d", "g"], ["c"], name="concat",
                         axis=1),
        bn_node("bn", "c", "y", "bn", epsilon=1e-3),
        helper.make_node("Conv", ["x", "wh"], ["h1"], name="conv_h1"),
        helper.make_node("Conv", ["x", "wh2"], ["h2"], name="conv_h2"),
        helper.make_node("Concat", ["h1", "h2"], ["h"], name="concat_h",
                         axis=-2),
        bn_node("bn_h", "h", "z", "bn_h"),
    ], [vi("x", ["N", 4, 5, 5])], [vi("y", None), vi("z", None)],
        [init("wa", [3, 4, 3, 3]), init("ba", [3]), init("wd", [8, 1, 1, 1]),
         init("wg", [4, 2, 1, 3]), init("bg", [4]), init("wh", [2, 4, 1, 1]),
         init("wh2", [2, 4, 1, 1])] + bn_inits("bn", 15) + bn_inits("bn_h", 2))


def add_joins():
    """Batch norms after an Add: of two convolutions (folds across the
    add), of a convolution and a Relu (refused), and a batch norm of a
    convolution whose output is also a graph output (folds into a copy
    with --clone-on-multi-use)."""
    save("add_bn", [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1",
                         pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["x", "w2"], ["c2"], name="conv2"),
        helper.make_node("Add", ["c1", "c2"], ["s1"], name="add1"),
        bn_node("bn_add", "s1", "n1", "bn1"),
        helper.make_node("Relu", ["n1"], ["r1"], name="relu1"),
        helper.make_node("Conv", ["r1", "w3", "b3"], ["c3"], name="conv3"),
        helper.make_node("Add", ["c3", "r1"], ["s2"], name="add2"),
        bn_node("bn_residual", "s2", "n2", "bn2"),
        helper.make_node("Conv", ["n2", "w4", "b4"], ["c4"], name="conv4",
                         group=2, pads=[1, 1, 1, 1]),
        bn_node("bn_shared", "c4", "y", "bn3"),
    ], [vi("x", ["N", 3, 6, 6])], [vi("y", None), vi("c4", None)],
        [init("w1", [4, 3, 3, 3]), init("b1", [4]), init("w2", [4, 3, 1, 1]),
         init("w3", [4, 4, 1, 1]), init("b3", [4]), init("w4", [4, 2, 3, 3]),
         init("b4", [4])] + bn_inits("bn1", 4) + bn_inits("bn2", 4)
        + bn_inits("bn3", 4))


if __name__ == "__main__":
    main()
