"""One macro for the durable-job end-to-end tests, which all need the same pieces."""

def jobs_e2e_test(name, deps = [], tags = []):
    native.cc_test(
        name = name,
        size = "large",
        srcs = [name + ".cc"],
        data = ["//service:lead_gateway"],
        tags = tags,
        deps = deps + [
            ":job_test_util",
            "//proto:leadgateway_v1",
            "//testing:status_matchers",
            "//tests/faults:fault_test_util",
            "//tests/testing:child_process",
            "//third_party:absl",
            "//third_party:gmock",
            "//third_party:grpc++",
            "//third_party:gtest_main",
        ],
    )
