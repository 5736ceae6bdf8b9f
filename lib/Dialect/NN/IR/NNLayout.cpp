//===- NNLayout.cpp - layouts of nn convolutions --------------------------===//

#include "bnfold/Dialect/NN/IR/NNLayout.h"

#include "llvm/Support/ErrorHandling.h"

using namespace bnfold::nn;

unsigned bnfold::nn::getNumSpatialDims(Layout layout) {
  switch (layout) {
  case Layout::NWC:
  case Layout::NCW:
    return 1;
  case Layout::NHWC:
  case Layout::NCHW:
    return 2;
  case Layout::NDHWC:
  case Layout::NCDHW:
    return 3;
  }
  llvm_unreachable("unknown layout");
}

bool bnfold::nn::isChannelsLast(Layout layout) {
  return layout == Layout::NWC || layout == Layout::NHWC ||
         layout == Layout::NDHWC;
}

int64_t bnfold::nn::getChannelDim(Layout layout) {
  return isChannelsLast(layout) ? getNumSpatialDims(layout) + 1 : 1;
}

llvm::SmallVector<int64_t, 3> bnfold::nn::getSpatialDims(Layout layout) {
  int64_t first = isChannelsLast(layout) ? 1 : 2;
  llvm::SmallVector<int64_t, 3> dims;
  for (unsigned i = 0; i < getNumSpatialDims(layout); ++i)
    dims.push_back(first + i);
  return dims;
}

Layout bnfold::nn::getLayout(unsigned spatialDims, bool channelsLast) {
  switch (spatialDims) {
  case 1:
    return channelsLast ? Layout::NWC : Layout::NCW;
  case 2:
    return channelsLast ? Layout::NHWC : Layout::NCHW;
  case 3:
    return channelsLast ? Layout::NDHWC : Layout::NCDHW;
  }
  llvm_unreachable("convolutions have 1 to 3 spatial dims");
}
