"""Prints MLIR text nested N levels deep in one way (nesting-depth.test):

  modules         module { module { ... } }
  array           a function attribute [[[ ... ]]]
  generic-ops     unregistered ops, each in the region of the last
  type-aliases    !t1 = tuple<!t0>, !t2 = tuple<!t1>, ...: deep, no brackets
"""
import sys

kind, n = sys.argv[1], int(sys.argv[2])
if kind == "modules":
    print("module {" * n + "}" * n)
elif kind == "array":
    print("func.func @f() attributes {a = " + "[" * n + "]" * n + "} {\n  return\n}")
elif kind == "generic-ops":
    print("func.func @f() {\n" + '"u.op"() ({\n' * n + "}) : () -> ()\n" * n
          + "  return\n}")
elif kind == "type-aliases":
    print("!t0 = f32")
    for i in range(1, n + 1):
        print(f"!t{i} = tuple<!t{i - 1}>")
    print(f"func.func @f(%x: !t{n}) {{\n  return\n}}")
else:
    sys.exit("unknown kind " + kind)
