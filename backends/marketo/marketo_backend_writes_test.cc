// MarketoBackend writes and the duplicate guard, against the in-process emulator.
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "backends/common/invalid_field.h"
#include "backends/marketo/marketo_backend.h"
#include "backends/marketo/testing/emulated_backend.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/test_context.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::leadgw::testing_util::TestContext;
using testing::EmulatedBackendTest;

v1::UpsertLeadsRequest NewLeads(int n, absl::string_view tag) {
  v1::UpsertLeadsRequest request;
  for (int i = 0; i < n; ++i) {
    v1::Lead* lead = request.add_leads();
    lead->set_email(absl::StrCat(tag, "-", i, "@example.com"));
    lead->set_last_name(absl::StrCat("Lead ", i));
  }
  return request;
}

class MarketoBackendWriteTest : public EmulatedBackendTest {
 protected:
  void SetUp() override { Start(); }
};

TEST_F(MarketoBackendWriteTest, SevenHundredLeadsTakeThreeCallsInInputOrder) {
  v1::UpsertLeadsRequest request = NewLeads(700, "bulk");
  absl::StatusOr<v1::WriteResponse> response = backend().UpsertLeads(TestContext(), request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(Calls("sync_leads"), 3);
  ASSERT_EQ(response->results_size(), 700);
  for (int i = 0; i < 700; ++i) {
    ASSERT_EQ(response->results(i).index(), i);
    ASSERT_EQ(response->results(i).status(), v1::RECORD_STATUS_CREATED) << i;
  }
  // Ids are assigned in order upstream, so input order shows in increasing ids.
  EXPECT_LT(std::stoll(response->results(0).id()), std::stoll(response->results(699).id()));

  response = backend().UpsertLeads(TestContext(), request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->results(450).status(), v1::RECORD_STATUS_UPDATED);
}

// 32 KB custom values: 300 such leads would make a ~10 MB body, which Marketo (and the
// emulator) answers 413. The gateway sends calls under 1 MB instead, and a lead too large
// alone fails by itself while the others are written.
TEST_F(MarketoBackendWriteTest, LargeLeadsSplitUnder1MbAndAnOversizedOneFailsAlone) {
  constexpr int kLeads = 100;
  v1::UpsertLeadsRequest request = NewLeads(kLeads, "large");
  for (int i = 0; i < kLeads; ++i) {
    (*request.mutable_leads(i)->mutable_custom_fields())["accountCode"].set_string_value(
        std::string(32 * 1024, static_cast<char>('a' + i % 26)));
  }
  constexpr int kOversized = 37;
  (*request.mutable_leads(kOversized)->mutable_custom_fields())["accountCode"].set_string_value(
      std::string(1100 * 1000, 'z'));
  absl::StatusOr<v1::WriteResponse> response = backend().UpsertLeads(TestContext(), request);
  ASSERT_THAT(response, IsOk());
  // 30 leads of ~32.8 KB per call: [0, 30), [30, 37), [38, 68), [68, 98), [98, 100).
  EXPECT_EQ(Calls("sync_leads"), 5);
  ASSERT_EQ(response->results_size(), kLeads);
  for (int i = 0; i < kLeads; ++i) {
    const v1::RecordResult& result = response->results(i);
    ASSERT_EQ(result.index(), i);
    if (i == kOversized) {
      EXPECT_EQ(result.status(), v1::RECORD_STATUS_FAILED);
      ASSERT_EQ(result.reasons_size(), 1);
      EXPECT_EQ(result.reasons(0).code(), "gateway.record_too_large");
      EXPECT_THAT(result.reasons(0).message(), ::testing::HasSubstr("1 MB"));
      continue;
    }
    EXPECT_EQ(result.status(), v1::RECORD_STATUS_CREATED) << i << " " << result.ShortDebugString();
  }
  EXPECT_EQ(emulator().CountLeadsWithField("email", "large-36@example.com"), 1u);
  EXPECT_EQ(emulator().CountLeadsWithField("email", "large-37@example.com"), 0u);
  EXPECT_EQ(emulator().CountLeadsWithField("email", "large-38@example.com"), 1u);
}

TEST_F(MarketoBackendWriteTest, CreateOnlyExistingIsSkippedWithReason) {
  v1::UpsertLeadsRequest request = NewLeads(2, "skip");
  ASSERT_THAT(backend().UpsertLeads(TestContext(), request), IsOk());
  request.set_action(v1::UPSERT_ACTION_CREATE_ONLY);
  request.add_leads()->set_email("skip-new@example.com");
  absl::StatusOr<v1::WriteResponse> response = backend().UpsertLeads(TestContext(), request);
  ASSERT_THAT(response, IsOk());
  ASSERT_EQ(response->results_size(), 3);
  EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_SKIPPED);
  ASSERT_EQ(response->results(0).reasons_size(), 1);
  EXPECT_EQ(response->results(0).reasons(0).code(), "1005");
  EXPECT_EQ(response->results(2).status(), v1::RECORD_STATUS_CREATED);
}

TEST_F(MarketoBackendWriteTest, FieldMarketoLacksIsRejectedBeforeAnyCall) {
  v1::UpsertLeadsRequest request = NewLeads(400, "kana");
  request.mutable_leads(350)->set_first_name_kana("タロウ");
  absl::Status status = backend().UpsertLeads(TestContext(), request).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(status.GetPayload(common::kInvalidFieldPayloadUrl).value_or(absl::Cord()),
            "leads[350].first_name_kana");
  EXPECT_EQ(Calls("sync_leads"), 0);
}

TEST_F(MarketoBackendWriteTest, DeleteMergePartitionsAssociate) {
  absl::StatusOr<v1::WriteResponse> created =
      backend().UpsertLeads(TestContext(), NewLeads(4, "ops"));
  ASSERT_THAT(created, IsOk());
  std::vector<std::string> ids;
  for (const auto& result : created->results()) ids.push_back(result.id());

  v1::MergeLeadsRequest merge;
  merge.set_winner_id(ids[0]);
  merge.add_loser_ids(ids[1]);
  merge.add_loser_ids(ids[2]);
  absl::StatusOr<v1::MergeLeadsResponse> merged = backend().MergeLeads(TestContext(), merge);
  ASSERT_THAT(merged, IsOk());
  EXPECT_EQ(merged->winner_id(), ids[0]);
  EXPECT_FALSE(emulator().store().GetLead(std::stoll(ids[1])).has_value());

  v1::UpdateLeadPartitionsRequest move;
  v1::LeadPartitionAssignment* assignment = move.add_assignments();
  assignment->set_lead_id(ids[0]);
  assignment->set_partition_name("Japan");
  absl::StatusOr<v1::WriteResponse> moved = backend().UpdateLeadPartitions(TestContext(), move);
  ASSERT_THAT(moved, IsOk());
  EXPECT_EQ(moved->results(0).status(), v1::RECORD_STATUS_UPDATED);

  v1::AssociateWebActivityRequest associate;
  associate.set_lead_id(ids[0]);
  associate.set_cookie("id:287-GTJ-838&token:_mch-marketo.com-1396310362214-46169");
  EXPECT_THAT(backend().AssociateWebActivity(TestContext(), associate), IsOk());

  v1::DeleteLeadsRequest remove;
  remove.add_ids(ids[3]);
  remove.add_ids(ids[1]);  // merged away already
  absl::StatusOr<v1::WriteResponse> deleted = backend().DeleteLeads(TestContext(), remove);
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(deleted->results(0).status(), v1::RECORD_STATUS_DELETED);
  EXPECT_EQ(deleted->results(1).status(), v1::RECORD_STATUS_SKIPPED);
  EXPECT_EQ(deleted->results(1).reasons(0).code(), "1004");
}

TEST_F(MarketoBackendWriteTest, PushAndSubmitForm) {
  v1::PushLeadsRequest push;
  push.set_program_name("Big Blue Thing Product Launch");
  push.set_source("Cool Sales Site");
  push.set_reason("Downloaded pricing sheet");
  push.add_records()->mutable_lead()->set_email("theresa@example.gov.uk");
  absl::StatusOr<v1::WriteResponse> pushed = backend().PushLeads(TestContext(), push);
  ASSERT_THAT(pushed, IsOk());
  EXPECT_EQ(pushed->results(0).status(), v1::RECORD_STATUS_CREATED);

  push.set_program_name("No Such Program");
  EXPECT_THAT(backend().PushLeads(TestContext(), push), StatusIs(absl::StatusCode::kNotFound));

  v1::SubmitFormRequest form;
  form.set_form_id(1029);
  (*form.mutable_form_fields())["email"].set_string_value("marge@example.com");
  (*form.mutable_form_fields())["firstName"].set_string_value("Marge");
  absl::StatusOr<v1::SubmitFormResponse> submitted = backend().SubmitForm(TestContext(), form);
  ASSERT_THAT(submitted, IsOk());
  EXPECT_EQ(submitted->result().status(), v1::RECORD_STATUS_CREATED);
  EXPECT_FALSE(submitted->result().id().empty());
}

// Runs `threads` concurrent createOrUpdate upserts of one new email, through `pick(i)`.
template <typename Pick>
void ConcurrentUpserts(int threads, const std::string& email, Pick pick, const CallContext& ctx) {
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      v1::UpsertLeadsRequest request;
      request.add_leads()->set_email(i % 2 == 0 ? email : absl::AsciiStrToUpper(email));
      absl::StatusOr<v1::WriteResponse> response = pick(i).UpsertLeads(ctx, request);
      EXPECT_THAT(response, IsOk());
    });
  }
  for (std::thread& worker : workers) worker.join();
}

TEST_F(MarketoBackendWriteTest, DuplicateGuardSerialisesOneEmail) {
  emulators::marketo::MarketoEmulatorOptions options;
  options.duplicate_race_delay = absl::Milliseconds(30);
  options.max_concurrent = 0;
  Start(options);
  ConcurrentUpserts(
      8, "race@example.com", [&](int) -> MarketoBackend& { return backend(); }, TestContext());
  EXPECT_EQ(emulator().CountLeadsWithField("email", "race@example.com"), 1u);
}

// The control: without a shared guard (two gateways) the emulator's race does duplicate,
// so the test above proves the guard rather than a lucky schedule.
TEST_F(MarketoBackendWriteTest, WithoutASharedGuardTheRaceDuplicates) {
  emulators::marketo::MarketoEmulatorOptions options;
  options.duplicate_race_delay = absl::Milliseconds(200);
  options.max_concurrent = 0;
  Start(options);
  std::unique_ptr<MarketoBackend> other = MakeBackend();
  // Tokens first, so both upserts reach the emulator's window together.
  ASSERT_THAT(backend().ListLeadPartitions(TestContext(), {}), IsOk());
  ASSERT_THAT(other->ListLeadPartitions(TestContext(), {}), IsOk());
  ConcurrentUpserts(
      2, "race2@example.com", [&](int i) -> MarketoBackend& { return i == 0 ? backend() : *other; },
      TestContext());
  EXPECT_EQ(emulator().CountLeadsWithField("email", "race2@example.com"), 2u);
}

}  // namespace
}  // namespace leadgw::backends::marketo
