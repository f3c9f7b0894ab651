#pragma once
// What relying parties fetch, over plain HTTP (RFC 5280 §8: CRLs and OCSP over http://):
// the CA certificates, the CRLs and the OCSP responder. The one route table for them.

#include "http/router.h"
#include "service/crl_service.h"
#include "service/ocsp_service.h"
#include "store/store.h"

namespace certkeep::api {

struct PublicationDependencies {
  store::Store& store;
  service::CrlService& crls;
  service::OcspService& ocsp;
};

/// GET /ca/{name}.crt, GET /crl/{name}.crl, POST /ocsp, GET /ocsp/{base64 request}.
void AddPublicationRoutes(http::Router& router, const PublicationDependencies& deps);

}  // namespace certkeep::api
