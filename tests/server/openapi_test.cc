// The OpenAPI document describes every API route, with the bodies the
// dispatcher accepts.
#include "server/server_test_util.h"

namespace byteback::server::testing {
namespace {

using nlohmann::json;

class OpenApiTest : public ServerTest {};

TEST_F(OpenApiTest, DocumentListsTheRoutesWithTheirBodies) {
  auto r = Client().Get("/api/v1/openapi.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  json doc = Json(r);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  const json& paths = doc["paths"];
  for (const auto& [path, method] : std::vector<std::pair<std::string, std::string>>{
           {"/api/v1/score", "post"},
           {"/v1alpha1/comments:analyze", "post"},
           {"/api/v1/incidents/{id}", "get"},
           {"/api/v1/auth/login", "post"},
           {"/api/v1/lexicon/versions/{version}/rollback", "post"},
           {"/api/v1/admin/shield/reload", "post"},
           {"/healthz", "get"}}) {
    ASSERT_TRUE(paths.contains(path)) << path;
    EXPECT_TRUE(paths[path].contains(method)) << path << " " << method;
  }
  // Every API route is there (web pages are not part of the API).
  size_t operations = 0;
  for (const auto& [path, item] : paths.items()) operations += item.size();
  EXPECT_GE(operations, 40u);
  EXPECT_FALSE(paths.contains("/"));

  const json& score = paths["/api/v1/score"]["post"];
  const json& body = score["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(body["properties"]["messages"]["maxItems"], 1000);
  EXPECT_EQ(body["properties"]["messages"]["items"]["required"], json::array({"text"}));
  EXPECT_EQ(body["additionalProperties"], false);
  EXPECT_TRUE(score["responses"]["200"]["content"]["application/json"]["schema"]["properties"].contains("results"));
  const json& login = paths["/api/v1/auth/login"]["post"];
  EXPECT_EQ(login["security"], json::array());  // public
  const json& rollback = paths["/api/v1/lexicon/versions/{version}/rollback"]["post"];
  EXPECT_EQ(rollback["parameters"][0]["name"], "version");
  EXPECT_EQ(rollback["x-byteback-access"], "admin or coordinator");
  const json& analyze = paths["/v1alpha1/comments:analyze"]["post"];
  EXPECT_TRUE(analyze["responses"]["400"]["content"]["application/json"]["schema"]["properties"]["error"]
                  ["properties"]
                      .contains("status"));
}

}  // namespace
}  // namespace byteback::server::testing
