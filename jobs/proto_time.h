// absl::Time <-> google.protobuf.Timestamp, for the times of jobs.
#ifndef LEADGW_JOBS_PROTO_TIME_H_
#define LEADGW_JOBS_PROTO_TIME_H_

#include <cstdint>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace leadgw::jobs {

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

}  // namespace leadgw::jobs

#endif  // LEADGW_JOBS_PROTO_TIME_H_
