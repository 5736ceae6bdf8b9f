// Folds the batch norms of an ONNX model file with the installed bnfold ONNX
// library (what `bnfold-translate --fold-onnx` does), the report on stderr:
//   fold-onnx model.onnx folded.onnx
#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Target/ONNX/TranslateRegistration.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    llvm::errs() << "usage: fold-onnx model.onnx folded.onnx\n";
    return 2;
  }
  auto model = llvm::MemoryBuffer::getFile(argv[1]);
  if (!model) {
    llvm::errs() << argv[1] << ": " << model.getError().message() << "\n";
    return 1;
  }
  mlir::DialectRegistry registry;
  registry.insert<bnfold::nn::NNDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect>();
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  std::string folded;
  if (mlir::failed(bnfold::foldONNX((*model)->getBuffer(), argv[1], &context,
                                    folded, bnfold::ONNXTranslationOptions())))
    return 1;
  std::error_code error;
  llvm::raw_fd_ostream out(argv[2], error, llvm::sys::fs::OF_None);
  if (error) {
    llvm::errs() << argv[2] << ": " << error.message() << "\n";
    return 1;
  }
  out << folded;
  return 0;
}
