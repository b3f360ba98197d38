#include "service/business_card_service_impl.h"

namespace leadgw::service {

using backends::Operation;

grpc::Status BusinessCardServiceImpl::CreateBusinessCards(
    grpc::ServerContext* context, const v1::CreateBusinessCardsRequest* request,
    v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kCreateBusinessCards, *request, response,
                  &backends::LeadBackend::CreateBusinessCards);
}

grpc::Status BusinessCardServiceImpl::UpdateBusinessCards(
    grpc::ServerContext* context, const v1::UpdateBusinessCardsRequest* request,
    v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kUpdateBusinessCards, *request, response,
                  &backends::LeadBackend::UpdateBusinessCards);
}

grpc::Status BusinessCardServiceImpl::SearchBusinessCards(
    grpc::ServerContext* context, const v1::SearchBusinessCardsRequest* request,
    v1::SearchBusinessCardsResponse* response) {
  return RunUnary(*env_, context, Operation::kSearchBusinessCards, *request, response,
                  &backends::LeadBackend::SearchBusinessCards);
}

grpc::Status BusinessCardServiceImpl::StreamBusinessCards(
    grpc::ServerContext* context, const v1::SearchBusinessCardsRequest* request,
    grpc::ServerWriter<v1::BusinessCard>* writer) {
  return RunStream(
      *env_, context, Operation::kSearchBusinessCards, *request, writer,
      &backends::LeadBackend::SearchBusinessCards,
      [](const auto& page) -> const auto& { return page.cards(); });
}

}  // namespace leadgw::service
