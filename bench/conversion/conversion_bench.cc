// Micro-benchmark of converting a HotProfile list answer into neutral records: the
// gateway's own work on search_business_cards (bench/run), without gRPC or libcurl.
// Run optimised: bazel run --config=opt //bench/conversion:conversion_bench
// Prints `<case> <ns> ns/op (<ops> ops)`; `conversion_bench N` runs N ops per case; the body is the
// emulator's answer to the scenario's request (4 cards, 3 KB), saved in business_cards_page.json.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/numbers.h"
#include "backends/hotprofile/responses.h"
#include "leadgateway/v1/business_card_service.pb.h"

namespace leadgw::backends::hotprofile {
namespace {

namespace v1 = ::leadgateway::v1;
using Clock = std::chrono::steady_clock;

constexpr int kDefaultOps = 200'000;
int ops = kDefaultOps;  // argv[1] overrides (e.g. a few thousand under callgrind)

std::string ReadFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Parses `body` into a fresh response `kOps` times, serialises the last one as gRPC
// would; returns ns per parse and prints it.
template <typename Body>
double TimeNsPerOp(const char* name, Body body) {
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < ops; ++i) body();
  const std::chrono::duration<double, std::nano> elapsed = Clock::now() - start;
  const double ns = elapsed.count() / ops;
  std::printf("%-36s %9.1f ns/op (%d ops)\n", name, ns, ops);
  std::fflush(stdout);
  return ns;
}

int Main(int argc, char** argv) {
  if (argc > 1 && (!absl::SimpleAtoi(argv[1], &ops) || ops < 1)) {
    std::fprintf(stderr, "usage: conversion_bench [ops per case, default %d]\n", kDefaultOps);
    return 2;
  }
  const std::string body = ReadFile("bench/conversion/business_cards_page.json");
  if (body.empty()) {
    std::fprintf(stderr, "conversion_bench: business_cards_page.json not found\n");
    return 1;
  }
  bool all_ok = true;
  TimeNsPerOp("parse business card page (4 cards)", [&] {
    v1::SearchBusinessCardsResponse response;
    absl::StatusOr<PageInfo> page = ParseListAnswer(ObjectKind::kBusinessCard, body, "bench",
                                                    [&] { return response.add_cards(); });
    all_ok = all_ok && page.ok() && response.cards_size() == 4;
  });
  TimeNsPerOp("parse + serialize page", [&] {
    v1::SearchBusinessCardsResponse response;
    absl::StatusOr<PageInfo> page = ParseListAnswer(ObjectKind::kBusinessCard, body, "bench",
                                                    [&] { return response.add_cards(); });
    std::string wire = response.SerializeAsString();
    all_ok = all_ok && page.ok() && !wire.empty();
  });
  if (!all_ok) {
    std::fprintf(stderr, "conversion_bench: a parse failed\n");
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace leadgw::backends::hotprofile

int main(int argc, char** argv) { return leadgw::backends::hotprofile::Main(argc, argv); }
