// The envelope of a fixture answer, for the response tests: a fixture that does not parse
// fails the test and yields an empty envelope.
#ifndef LEADGW_BACKENDS_MARKETO_TESTING_TEST_ENVELOPE_H_
#define LEADGW_BACKENDS_MARKETO_TESTING_TEST_ENVELOPE_H_

#include <utility>

#include "backends/marketo/envelope.h"
#include "gmock/gmock.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::marketo {

inline Envelope ParseTestEnvelope(const char* body) {
  absl::StatusOr<Envelope> envelope = ParseEnvelope(body);
  EXPECT_THAT(envelope, ::leadgw::testing_util::IsOk());
  return envelope.ok() ? *std::move(envelope) : Envelope();
}

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_TESTING_TEST_ENVELOPE_H_
