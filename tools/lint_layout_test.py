#!/usr/bin/env python3
"""Tests of tools/lint_layout.py on small trees built in a temporary directory."""

import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import lint_layout  # noqa: E402


class LintLayoutTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = self.dir.name
        for top in ("upstream", "metrics", "jobs", "matching", "card_sync", "service"):
            os.makedirs(os.path.join(self.root, top))

    def tearDown(self):
        self.dir.cleanup()

    def write(self, path, text):
        full = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)

    def run_lint(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = lint_layout.main(["--root", self.root])
        return code, out.getvalue()

    def test_clean_tree_passes(self):
        self.write("upstream/retry/loop.cc", "// Retries on UNAVAILABLE.\nint x = 429;\n")
        self.write("service/handler.cc", "// Calls the backend.\n")
        code, out = self.run_lint()
        self.assertEqual(code, 0, out)

    def test_vendor_in_upstream_comment_fails_with_file_and_line(self):
        self.write("upstream/quota/gate.h", "// ok\n// Marketo: 100 per 20 s\n")
        code, out = self.run_lint()
        self.assertEqual(code, 1)
        self.assertIn("upstream/quota/gate.h:2: names a vendor (Marketo)", out)

    def test_vendor_in_card_sync_fails(self):
        self.write("card_sync/sync_runner.cc", "// pushes to Marketo\n")
        code, out = self.run_lint()
        self.assertEqual(code, 1)
        self.assertIn("card_sync/sync_runner.cc:1: names a vendor (Marketo)", out)

    def test_vendor_in_jobs_fails(self):
        self.write("jobs/job_write.cc", "// Marketo takes 300 per call\n")
        code, out = self.run_lint()
        self.assertEqual(code, 1)
        self.assertIn("jobs/job_write.cc:1: names a vendor (Marketo)", out)

    def test_every_spelling_is_found(self):
        self.write("metrics/a.md", "HotProfile\n")
        self.write("metrics/b.cc", "hot_profile\n")
        self.write("upstream/BUILD", '"//backends/hotprofile:x"\n')
        code, out = self.run_lint()
        self.assertEqual(code, 1)
        for where in ("metrics/a.md:1", "metrics/b.cc:1", "upstream/BUILD:1"):
            self.assertIn(where, out)

    def test_vendor_codes_in_vendor_free_code_fail(self):
        self.write("upstream/guard/codes.cc", 'const char* kCodes[] = {"606", "615"};\n')
        self.write("upstream/guard/notes.md", 'The "606" answer.\n')  # docs: names only
        self.write("service/status.cc", 'if (code == "606") {}\n')  # service: names only
        code, out = self.run_lint()
        self.assertEqual(code, 1)
        self.assertIn('upstream/guard/codes.cc:1: holds a Marketo error code ("606")', out)
        self.assertNotIn("notes.md", out)
        self.assertNotIn("service/status.cc", out)

    def test_service_allowlist(self):
        self.write("service/sandbox.cc", 'set_backend("marketo");\n')
        self.write("service/main.cc", '"Start emulated Marketo upstreams"\n')
        self.write("service/handlers_test.cc", 'backend("hotprofile")\n')
        self.write("service/idempotency/cache_test.cc", "// marketo\n")
        code, out = self.run_lint()
        self.assertEqual(code, 0, out)
        self.write("service/config.cc", "// a marketo connection\n")
        code, out = self.run_lint()
        self.assertEqual(code, 1)
        self.assertIn("service/config.cc:1", out)

    def test_upstream_tests_are_not_exempt(self):
        self.write("upstream/error_test.cc", 'UpstreamError(kUnavailable, "marketo", "x", "")\n')
        code, out = self.run_lint()
        self.assertEqual(code, 1)
        self.assertIn("upstream/error_test.cc:1", out)

    def test_not_a_workspace(self):
        with tempfile.TemporaryDirectory() as empty:
            with contextlib.redirect_stderr(io.StringIO()):
                self.assertEqual(lint_layout.main(["--root", empty]), 2)


if __name__ == "__main__":
    unittest.main()
