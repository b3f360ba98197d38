#include "common/allocator.h"

// gperftools' C interface (gperftools/malloc_extension_c.h), declared weak so that a build
// without tcmalloc links too: the symbol is then null.
extern "C" int MallocExtension_SetNumericProperty(const char* property, size_t value)
    __attribute__((weak));

namespace leadgw {

absl::string_view TuneAllocator() {
  if (MallocExtension_SetNumericProperty == nullptr) return "glibc";
  MallocExtension_SetNumericProperty("tcmalloc.max_total_thread_cache_bytes",
                                     kMaxThreadCacheBytes);
  return "tcmalloc";
}

}  // namespace leadgw
