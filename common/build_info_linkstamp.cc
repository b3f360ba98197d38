// Compiled by Bazel at link time with the workspace status keys defined as macros
// (a cc_library `linkstamp`), so a new revision relinks without recompiling anything.
namespace leadgw {

extern const char kBuildRevision[];
#ifdef BUILD_SCM_REVISION
const char kBuildRevision[] = BUILD_SCM_REVISION;
#else
const char kBuildRevision[] = "unknown";
#endif

}  // namespace leadgw
