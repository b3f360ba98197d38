// absl::Time <-> google.protobuf.Timestamp and absl::Duration -> google.protobuf.Duration:
// the times and durations of jobs and card syncs.
#ifndef LEADGW_COMMON_PROTO_TIME_H_
#define LEADGW_COMMON_PROTO_TIME_H_

#include <cstdint>

#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace leadgw::common {

inline google::protobuf::Timestamp TimestampOf(absl::Time time) {
  google::protobuf::Timestamp out;
  const int64_t nanos = absl::ToUnixNanos(time);
  out.set_seconds(nanos / 1000000000);
  out.set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return out;
}

inline absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

inline google::protobuf::Duration DurationOf(absl::Duration duration) {
  google::protobuf::Duration out;
  out.set_seconds(absl::ToInt64Seconds(duration));
  out.set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(duration % absl::Seconds(1))));
  return out;
}

}  // namespace leadgw::common

#endif  // LEADGW_COMMON_PROTO_TIME_H_
