//===- TranslateRegistrationTest.cpp - ONNX translations via the registry -===//
//
// MLIR's own translation driver (mlirTranslateMain, what mlir-translate
// runs) with bnfold's ONNX translations registered: what any MLIR tool
// gets from registerONNXTranslations.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Target/ONNX/TranslateRegistration.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  bnfold::registerONNXTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "bnfold translation registry test"));
}
