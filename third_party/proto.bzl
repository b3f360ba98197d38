"""Compiles .proto files with Debian's protoc and grpc_cpp_plugin (no network, no rules_proto)."""

def cc_grpc_proto_library(name, srcs, deps = [], imports = [], visibility = None):
    """One cc_library with the messages, gRPC stubs and gMock stubs of `srcs`.

    Files are compiled with the package directory as the import root, so a file
    `leadgateway/v1/lead.proto` in package //proto is imported and included as
    `leadgateway/v1/lead.proto` / `leadgateway/v1/lead.pb.h`.

    Args:
      name: the cc_library's name; `<name>_mocks` holds the gMock stubs (testonly).
      srcs: the .proto files, relative to this package.
      deps: cc libraries the generated code needs beyond protobuf and grpc++.
      imports: .proto files of this package that `srcs` import but that `deps` compile.
      visibility: visibility of both libraries.
    """
    pkg = native.package_name()
    bases = [s[:-len(".proto")] for s in srcs]
    hdrs = [b + ".pb.h" for b in bases] + [b + ".grpc.pb.h" for b in bases]
    cc_srcs = [b + ".pb.cc" for b in bases] + [b + ".grpc.pb.cc" for b in bases]
    mock_hdrs = [b + "_mock.grpc.pb.h" for b in bases]
    native.genrule(
        name = name + "_gen",
        srcs = srcs + imports,
        outs = hdrs + cc_srcs + mock_hdrs,
        cmd = " ".join([
            "protoc",
            "--proto_path=" + pkg,
            "--cpp_out=$(GENDIR)/" + pkg,
            "--grpc_out=generate_mock_code=true:$(GENDIR)/" + pkg,
            "--plugin=protoc-gen-grpc=/usr/bin/grpc_cpp_plugin",
        ] + ["$(location %s)" % s for s in srcs]),
    )
    native.cc_library(
        name = name,
        srcs = cc_srcs,
        hdrs = hdrs,
        includes = ["."],
        copts = ["-w"],  # generated code: not ours to warn about
        deps = deps + ["//third_party:grpc++"],
        visibility = visibility,
    )
    native.cc_library(
        name = name + "_mocks",
        testonly = True,
        hdrs = mock_hdrs,
        includes = ["."],
        deps = [":" + name, "//third_party:gmock"],
        visibility = visibility,
    )
