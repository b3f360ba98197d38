// The process's allocator. Optimised builds (the image, bench/run) link gperftools'
// tcmalloc (`build:opt --custom_malloc` in .bazelrc, docs/performance.md finding 14);
// plain and sanitizer builds keep glibc's malloc.
#ifndef LEADGW_COMMON_ALLOCATOR_H_
#define LEADGW_COMMON_ALLOCATOR_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace leadgw {

// What tcmalloc's per-thread caches may hold in all. Its default, 32 MiB, let the gateway's
// peak RSS grow from 36 to 51-59 MiB in bench/run, near the 64 MiB budget.
inline constexpr size_t kMaxThreadCacheBytes = size_t{8} << 20;

// Caps tcmalloc's thread caches at kMaxThreadCacheBytes when tcmalloc is linked. Returns
// the allocator in use, "tcmalloc" or "glibc", for the start-up log. Call once, early.
absl::string_view TuneAllocator();

}  // namespace leadgw

#endif  // LEADGW_COMMON_ALLOCATOR_H_
