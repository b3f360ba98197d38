// Small helpers for absl::Status / absl::StatusOr plumbing.
//
// Abseil 20220623 (Debian bookworm) ships no ASSIGN_OR_RETURN, so the project defines its
// own, once, here.
#ifndef LEADGW_COMMON_STATUS_MACROS_H_
#define LEADGW_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns the status from the enclosing function if `expr` is not OK.
#define LEADGW_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::absl::Status leadgw_status_ = (expr);          \
    if (!leadgw_status_.ok()) return leadgw_status_; \
  } while (false)

#define LEADGW_STATUS_MACROS_CONCAT_INNER(x, y) x##y
#define LEADGW_STATUS_MACROS_CONCAT(x, y) LEADGW_STATUS_MACROS_CONCAT_INNER(x, y)

// `LEADGW_ASSIGN_OR_RETURN(auto value, MaybeValue());` declares or assigns `value` from an
// absl::StatusOr, or returns its status from the enclosing function.
#define LEADGW_ASSIGN_OR_RETURN(lhs, rexpr)                                         \
  LEADGW_ASSIGN_OR_RETURN_IMPL(LEADGW_STATUS_MACROS_CONCAT(leadgw_statusor_, __LINE__), \
                               lhs, rexpr)

#define LEADGW_ASSIGN_OR_RETURN_IMPL(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

#endif  // LEADGW_COMMON_STATUS_MACROS_H_
