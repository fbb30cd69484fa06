// OpenApiValidator, on docs/api/openapi.yaml (HTMSE_OPENAPI_JSON) and on a small document of
// its own: valid responses pass, and every kind of mismatch is reported. Also walks the API
// document itself: every operation documents a success and its authentication answers, the
// roles of each permission are those of Roles.cpp, the routes are those the server serves,
// and the build's conversion script refuses documents that are not OpenAPI 3.
#include "common/OpenApiValidator.h"
#include "common/RunProcess.h"
#include "server/Roles.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using htmse::test::OpenApiValidator;

namespace {

const QStringList kMethods{u"get"_s, u"put"_s, u"post"_s, u"delete"_s, u"options"_s, u"head"_s, u"patch"_s, u"trace"_s};

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject object(const QByteArray& text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s in %s", qPrintable(error.errorString()), text.constData());
    return doc.object();
}

QJsonValue jsonValue(const QByteArray& text)
{
    return QJsonDocument::fromJson("[" + text + "]").array().at(0);
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// A listing as Professional::toJson writes it once it is in the directory. URLs in raw strings
// are written with JSON's "\/": moc would read "//" there as the start of a comment.
QJsonObject professional()
{
    return object(R"({
        "id": "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
        "display_name": "Dr Amina Yusuf",
        "title": "Consultant psychiatrist",
        "organisation_id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "gender": "female",
        "professional_types": ["psychiatrist", "medicolegal-doctor"],
        "services": ["health.mental"],
        "populations_served": ["adults", "women"],
        "trafficking_types": ["sexual", "labour"],
        "languages": [{"code": "eng", "proficiency": "native"}, {"code": "tir", "note": "with an interpreter"}],
        "interpreter_available": true,
        "countries_of_operation": ["GB"],
        "countries_of_expertise": ["ER", "NG"],
        "locations": [{"city": "Leeds", "region": "West Yorkshire", "country": "GB", "latitude": 53.8,
                       "longitude": -1.55, "geoname_id": 2644688, "confidential": false}],
        "remote_service": true,
        "service_radius_km": 80,
        "capacity": {"accepting_referrals": true, "typical_response_days": 5},
        "cost": {"free": false, "legal_aid": true, "pro_bono": false, "fee_basis": "per-report"},
        "expert_witness": {"disciplines": ["psychiatric"], "jurisdictions": ["GB-ENG"], "court_appearances": 12,
                           "report_types": ["psychiatric", "istanbul-protocol"], "expert_declaration": true,
                           "cv_url": "https:\/\/example.org/cv.pdf", "report_turnaround_days": 28,
                           "accepting_instructions": true},
        "contact_channels": [{"kind": "email", "value": "amina@example.org", "preferred": true},
                             {"kind": "phone", "value": "+441134960000"}],
        "verification": {"status": "verified", "verified_by": "editor", "verified_at": "2026-11-01T09:00:00.000Z",
                         "reverification_due": "2027-11-01"},
        "biography": "Twenty years of trauma work.",
        "keywords": ["trauma", "PTSD"],
        "active": true,
        "updated_at": "2026-11-01T09:00:00.000Z",
        "server_version": 7
    })");
}

QJsonObject organisation()
{
    return object(R"({"id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "name": "Northern Trauma Clinic",
                      "kind": "clinic", "website": "https:\/\/example.org", "email": "info@example.org",
                      "phone": "+441134960001", "countries": ["GB"], "updated_at": "2026-10-01T08:00:00.000Z",
                      "server_version": 3})");
}

QJsonObject referralEvent(qint64 seq)
{
    QJsonObject e = object(R"({"id": "11111111-2222-4333-8444-555555555555",
                               "referral_id": "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", "type": "created",
                               "payload": {"case_ref": "HT-2026-0142", "kind": "victim-support",
                                           "needs": ["legal.immigration"],
                                           "recipient_id": "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"},
                               "device_id": "laptop-7", "client_time": "2026-11-30T10:00:00.000Z",
                               "author_user": "a-case", "author_organisation": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                               "server_time": "2026-11-30T10:00:01.250Z"})");
    e.insert(u"seq"_s, seq);
    return e;
}

QJsonObject profileEdit(const QString& status)
{
    QJsonObject profile = professional();
    profile.remove(u"server_version"_s);
    profile.insert(u"verification"_s, QJsonObject{{u"status"_s, u"pending"_s}});
    QJsonObject edit{{u"id"_s, uuid()},
                     {u"version"_s, 4},
                     {u"professional_id"_s, profile.value(u"id"_s)},
                     {u"submitted_by"_s, u"pro"_s},
                     {u"profile"_s, profile},
                     {u"status"_s, status},
                     {u"submitted_at"_s, u"2026-11-30T10:00:00.000Z"_s}};
    if (status != "pending"_L1) {
        edit.insert(u"reviewed_by"_s, u"editor"_s);
        edit.insert(u"reviewed_at"_s, u"2026-11-30T11:00:00.000Z"_s);
        edit.insert(u"review_note"_s, u"checked with the register"_s);
    }
    return edit;
}

QJsonObject page(const QJsonArray& items, const QString& next, bool more = false)
{
    return QJsonObject{{u"items"_s, items}, {u"next"_s, next}, {u"has_more"_s, more}};
}

QByteArray error(const QString& code, const QStringList& problems = {})
{
    QJsonObject e{{u"code"_s, code}, {u"message"_s, u"plain words"_s}};
    if (!problems.isEmpty())
        e.insert(u"problems"_s, QJsonArray::fromStringList(problems));
    return compact(QJsonObject{{u"error"_s, e}});
}

// A small document with one schema per keyword under test, and paths for template matching.
const char* const kMiniSpec = R"({
  "openapi": "3.0.3",
  "info": {"title": "mini", "version": "1"},
  "paths": {
    "/things/{id}": {"get": {"responses": {
        "200": {"description": "one", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Obj"}}}},
        "4XX": {"description": "client", "content": {"application/json": {"schema": {"type": "object", "required": ["error"]}}}}}}},
    "/things/special": {"get": {"responses": {"204": {"description": "nothing"}}}},
    "/things/{id}/parts/{part}": {"post": {"responses": {
        "default": {"description": "any", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    "/text": {"get": {"responses": {
        "200": {"description": "text", "content": {"text/plain": {"schema": {"type": "string", "maxLength": 5}}}}}}}
  },
  "components": {"schemas": {
    "Int": {"type": "integer", "minimum": 1, "maximum": 10},
    "Num": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": true},
    "Step": {"type": "number", "multipleOf": 0.5},
    "Str": {"type": "string", "minLength": 2, "maxLength": 4, "pattern": "^[a-z]+$"},
    "Arr": {"type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": true, "items": {"type": "string"}},
    "DateTime": {"type": "string", "format": "date-time"},
    "Date": {"type": "string", "format": "date"},
    "Uuid": {"type": "string", "format": "uuid"},
    "Obj": {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}},
            "additionalProperties": {"type": "integer"}, "maxProperties": 3},
    "Closed": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false},
    "Open": {"type": "object", "properties": {"a": {"type": "string"}}},
    "Nullable": {"type": "string", "nullable": true},
    "NullableRef": {"allOf": [{"$ref": "#/components/schemas/Obj"}], "nullable": true},
    "OneOf": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 5}]},
    "AnyOf": {"anyOf": [{"type": "string"}, {"type": "boolean"}]},
    "AllOf": {"allOf": [{"$ref": "#/components/schemas/Obj"}, {"properties": {"a": {"enum": ["x", "y"]}}}]},
    "Not": {"not": {"type": "string"}},
    "Enum": {"enum": [1, "one", true]},
    "Deep": {"type": "object", "properties": {"list": {"type": "array", "items": {"$ref": "#/components/schemas/Closed"}}}},
    "Broken": {"$ref": "#/components/schemas/Missing"},
    "Loop": {"$ref": "#/components/schemas/Loop"},
    "Odd": {"type": "decimal"}
  }}
})";

} // namespace

class TestOpenApiValidator : public QObject
{
    Q_OBJECT

private:
    OpenApiValidator m_spec;
    OpenApiValidator m_mini;

    QJsonObject operations(const QString& path) const
    {
        return m_spec.resolved(m_spec.document().value(u"paths"_s).toObject().value(path)).toObject();
    }

private slots:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(m_spec.load(qEnvironmentVariable("HTMSE_OPENAPI_JSON"), &problem), qPrintable(problem));
        m_mini.setDocument(object(kMiniSpec));
        QVERIFY(m_mini.isLoaded());
    }

    void unloadedValidatorFailsEverything()
    {
        OpenApiValidator none;
        QVERIFY(!none.isLoaded());
        QCOMPARE(none.validate(u"GET"_s, u"/healthz"_s, 200, "{}", "application/json").size(), 1);
        QString problem;
        QVERIFY(!none.load(u"/nonexistent/openapi.json"_s, &problem));
        QVERIFY2(problem.contains(u"cannot read"_s), qPrintable(problem));
        QVERIFY(!none.load(QString(), &problem));
        QVERIFY(problem.contains(u"HTMSE_OPENAPI_JSON"_s));
        none.setDocument(QJsonObject{{u"swagger"_s, u"2.0"_s}});
        QVERIFY(!none.isLoaded());
    }

    void validResponsesPass_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        const QByteArray json = "application/json";

        QTest::newRow("health") << u"GET"_s << u"/healthz"_s << 200
                                << R"({"status":"ok","version":"0.1.0","store":"sqlite"})"_ba << json;
        QTest::newRow("health, store down")
            << u"GET"_s << u"/healthz"_s << 503
            << R"({"status":"unavailable","version":"0.1.0","store":"postgresql"})"_ba << json;
        QTest::newRow("health, HEAD") << u"HEAD"_s << u"/healthz"_s << 200 << QByteArray() << QByteArray();
        QTest::newRow("metrics") << u"GET"_s << u"/metrics"_s << 200
                                 << "# TYPE htmse_http_requests_total counter\nhtmse_http_requests_total 3\n"_ba
                                 << "text/plain; version=0.0.4"_ba;
        QTest::newRow("metrics, refused") << u"GET"_s << u"/metrics"_s << 404 << error(u"not_found"_s) << json;
        QTest::newRow("token") << u"POST"_s << u"/api/v1/auth/token"_s << 200
                               << R"({"access_token":"htmse_at_x","refresh_token":"htmse_rt_y","expires_in":900,
                                      "token_type":"Bearer"})"_ba
                               << json;
        QTest::newRow("wrong password") << u"POST"_s << u"/api/v1/auth/token"_s << 401 << error(u"invalid_grant"_s)
                                        << json;
        QTest::newRow("sign-in throttled")
            << u"POST"_s << u"/api/v1/auth/token"_s << 429 << error(u"sign_in_throttled"_s) << json;
        QTest::newRow("revoke") << u"POST"_s << u"/api/v1/auth/revoke"_s << 200 << R"({"revoked":true})"_ba << json;
        QTest::newRow("me") << u"GET"_s << u"/api/v1/me"_s << 200
                            << compact(QJsonObject{{u"id"_s, uuid()},
                                                   {u"user"_s, u"pro"_s},
                                                   {u"role"_s, u"professional"_s},
                                                   {u"organisation_id"_s, uuid()},
                                                   {u"professional_id"_s, uuid()}})
                            << "application/json; charset=utf-8"_ba;
        QTest::newRow("me, no content type") << u"GET"_s << u"/api/v1/me"_s << 200
                                             << compact(QJsonObject{{u"id"_s, uuid()},
                                                                    {u"user"_s, u"a-case"_s},
                                                                    {u"role"_s, u"caseworker"_s},
                                                                    {u"organisation_id"_s, uuid()}})
                                             << QByteArray();
        QTest::newRow("me, signed out") << u"GET"_s << u"/api/v1/me"_s << 401 << error(u"unauthorised"_s) << json;

        QJsonObject tombstone{
            {u"kind"_s, u"professional"_s}, {u"id"_s, uuid()}, {u"version"_s, 9}, {u"deleted"_s, true}};
        QTest::newRow("directory page") << u"GET"_s << u"/api/v1/directory/changes?after=0&limit=3"_s << 200
                                        << compact(page({QJsonObject{{u"kind"_s, u"organisation"_s},
                                                                     {u"id"_s, organisation().value(u"id"_s)},
                                                                     {u"version"_s, 3},
                                                                     {u"deleted"_s, false},
                                                                     {u"data"_s, organisation()}},
                                                         QJsonObject{{u"kind"_s, u"professional"_s},
                                                                     {u"id"_s, professional().value(u"id"_s)},
                                                                     {u"version"_s, 7},
                                                                     {u"deleted"_s, false},
                                                                     {u"data"_s, professional()}},
                                                         tombstone},
                                                        u"9"_s, true))
                                        << json;
        QTest::newRow("directory, empty page")
            << u"GET"_s << u"/api/v1/directory/changes?after=12"_s << 200 << compact(page({}, u"12"_s)) << json;
        QTest::newRow("directory, bad cursor")
            << u"GET"_s << u"/api/v1/directory/changes?after=x"_s << 400 << error(u"invalid_cursor"_s) << json;
        QTest::newRow("events page") << u"GET"_s << u"/api/v1/referral-events"_s << 200
                                     << compact(page({referralEvent(1), referralEvent(2)}, u"2"_s)) << json;
        QTest::newRow("push") << u"POST"_s << u"/api/v1/referral-events"_s << 200
                              << compact(object(R"({"accepted": [{"id": "11111111-2222-4333-8444-555555555555",
                                                                  "seq": 41}],
                                                    "rejected": [{"id": null, "index": 1,
                                                                  "reason": "events[1]: expected an object"},
                                                                 {"id": "not-a-uuid", "index": 2,
                                                                  "reason": "events[2].id: is not a UUID"},
                                                                 {"id": "22222222-2222-4333-8444-555555555555",
                                                                  "index": 3, "reason": "unknown referral"}]})"))
                              << json;
        QTest::newRow("push, too many") << u"POST"_s << u"/api/v1/referral-events"_s << 413
                                        << error(u"too_many_events"_s) << json;
        QTest::newRow("push, forbidden") << u"POST"_s << u"/api/v1/referral-events"_s << 403 << error(u"forbidden"_s)
                                         << json;
        QTest::newRow("push, chunked") << u"POST"_s << u"/api/v1/referral-events"_s << 411
                                       << error(u"length_required"_s) << json;
        QTest::newRow("push, huge head") << u"POST"_s << u"/api/v1/referral-events"_s << 431
                                         << error(u"headers_too_large"_s) << json;
        QTest::newRow("news published") << u"POST"_s << u"/api/v1/news"_s << 201
                                        << compact(QJsonObject{{u"id"_s, uuid()},
                                                               {u"title"_s, u"New guidance"_s},
                                                               {u"summary"_s, u"What changed"_s},
                                                               {u"language"_s, u"en-GB"_s},
                                                               {u"deleted"_s, false},
                                                               {u"published_at"_s, u"2026-11-30T10:00:00.000Z"_s},
                                                               {u"published_by"_s, u"editor"_s},
                                                               {u"version"_s, 5}})
                                        << json;
        QTest::newRow("news, invalid") << u"POST"_s << u"/api/v1/news"_s << 400
                                       << error(u"invalid_request"_s, {u"title: is required"_s}) << json;
        QTest::newRow("resources page") << u"GET"_s << u"/api/v1/resources?limit=1"_s << 200
                                        << compact(page({QJsonObject{{u"id"_s, uuid()},
                                                                     {u"title"_s, u"Trauma-informed interviewing"_s},
                                                                     {u"url"_s, u"https://example.org/course"_s},
                                                                     {u"kind"_s, u"course"_s},
                                                                     {u"deleted"_s, false},
                                                                     {u"published_at"_s, u"2026-11-30T10:00:00.000Z"_s},
                                                                     {u"published_by"_s, u"editor"_s},
                                                                     {u"version"_s, 1}}},
                                                        u"1"_s, true))
                                        << json;
        QJsonObject mine = page({profileEdit(u"pending"_s)}, u"4"_s);
        mine.insert(u"profile"_s, QJsonValue::Null);
        QTest::newRow("my profile, not listed yet")
            << u"GET"_s << u"/api/v1/profiles/me"_s << 200 << compact(mine) << json;
        mine.insert(u"profile"_s, professional());
        QTest::newRow("my profile") << u"GET"_s << u"/api/v1/profiles/me"_s << 200 << compact(mine) << json;
        QTest::newRow("my profile, not linked")
            << u"GET"_s << u"/api/v1/profiles/me"_s << 404 << error(u"not_found"_s) << json;
        QTest::newRow("edit submitted") << u"PUT"_s << u"/api/v1/profiles/me"_s << 202
                                        << compact(QJsonObject{
                                               {u"id"_s, uuid()}, {u"status"_s, u"pending"_s}, {u"version"_s, 4}})
                                        << json;
        QTest::newRow("edits page") << u"GET"_s << u"/api/v1/profile-edits?status=all"_s << 200
                                    << compact(page({profileEdit(u"approved"_s), profileEdit(u"rejected"_s)}, u"8"_s))
                                    << json;
        QTest::newRow("approved") << u"POST"_s << u"/api/v1/profile-edits/%1/approve"_s.arg(uuid()) << 200
                                  << compact(QJsonObject{{u"id"_s, uuid()},
                                                         {u"status"_s, u"approved"_s},
                                                         {u"profile"_s, professional()}})
                                  << json;
        QTest::newRow("already reviewed")
            << u"POST"_s << u"/api/v1/profile-edits/%1/reject"_s.arg(uuid()) << 409 << error(u"conflict"_s) << json;
        QTest::newRow("users") << u"GET"_s << u"/api/v1/users"_s << 200
                               << compact(page({QJsonObject{{u"id"_s, uuid()},
                                                            {u"user"_s, u"a-admin"_s},
                                                            {u"role"_s, u"org-admin"_s},
                                                            {u"organisation_id"_s, uuid()},
                                                            {u"disabled"_s, false}}},
                                               u"1"_s))
                               << json;
        QTest::newRow("user signed out") << u"POST"_s << u"/api/v1/users/%1/revoke"_s.arg(uuid()) << 200
                                         << R"({"revoked_tokens":2})"_ba << json;
        QTest::newRow("rate limited") << u"GET"_s << u"/api/v1/news"_s << 429 << error(u"rate_limited"_s) << json;
        QTest::newRow("store down") << u"GET"_s << u"/api/v1/news"_s << 503 << error(u"unavailable"_s) << json;
        QTest::newRow("another method") << u"DELETE"_s << u"/api/v1/directory/changes"_s << 405
                                        << error(u"method_not_allowed"_s) << json;
        QTest::newRow("another method, HEAD") << u"HEAD"_s << u"/api/v1/me"_s << 405 << QByteArray() << json;
        QTest::newRow("unknown path") << u"GET"_s << u"/api/v1/nothing-here"_s << 404 << error(u"not_found"_s) << json;
    }

    void validResponsesPass()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        const QStringList problems = m_spec.validate(method, path, status, body, contentType);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void mismatchesAreReported_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("expected");
        const QByteArray json = "application/json";
        const auto me = [](const char* key, const QJsonValue& v) {
            QJsonObject o{{u"id"_s, uuid()},
                          {u"user"_s, u"a-case"_s},
                          {u"role"_s, u"caseworker"_s},
                          {u"organisation_id"_s, uuid()}};
            if (v.isUndefined())
                o.remove(QLatin1StringView(key));
            else
                o.insert(QLatin1StringView(key), v);
            return compact(o);
        };

        QTest::newRow("wrong type") << u"POST"_s << u"/api/v1/auth/token"_s << 200
                                    << R"({"access_token":"a","refresh_token":"r","expires_in":"900",
                                           "token_type":"Bearer"})"_ba
                                    << json << u"$.expires_in: expected integer, got string \"900\""_s;
        QTest::newRow("number, not integer") << u"POST"_s << u"/api/v1/auth/token"_s << 200
                                             << R"({"access_token":"a","refresh_token":"r","expires_in":1.5,
                                                    "token_type":"Bearer"})"_ba
                                             << json << u"$.expires_in: expected integer, got number 1.5"_s;
        QTest::newRow("missing required key")
            << u"GET"_s << u"/api/v1/me"_s << 200 << me("role", QJsonValue(QJsonValue::Undefined)) << json
            << u"$: missing required property \"role\""_s;
        QTest::newRow("bad enum") << u"GET"_s << u"/api/v1/me"_s << 200 << me("role", u"admin"_s) << json
                                  << u"$.role: \"admin\" is not one of: \"caseworker\""_s;
        QTest::newRow("bad uuid") << u"GET"_s << u"/api/v1/me"_s << 200 << me("id", u"42"_s) << json
                                  << u"$.id: \"42\" is not a valid uuid"_s;
        QTest::newRow("extra key") << u"GET"_s << u"/api/v1/me"_s << 200 << me("password", u"x"_s) << json
                                   << u"$: unexpected property \"password\""_s;
        QTest::newRow("null, not nullable") << u"GET"_s << u"/api/v1/me"_s << 200 << me("user", QJsonValue::Null)
                                            << json << u"$.user: expected string, got null"_s;
        QTest::newRow("null in a list item")
            << u"POST"_s << u"/api/v1/referral-events"_s << 200
            << R"({"accepted":[{"id":null,"seq":1}],"rejected":[{"id":null,"reason":"x"}]})"_ba << json
            << u"$.accepted[0].id: expected string, got null"_s;
        QTest::newRow("undocumented status") << u"GET"_s << u"/api/v1/news"_s << 418 << error(u"teapot"_s) << json
                                             << u"status 418 is not documented for GET /api/v1/news"_s;
        QTest::newRow("undocumented status, concrete path")
            << u"POST"_s << u"/api/v1/profile-edits/%1/approve"_s.arg(uuid()) << 201 << QByteArray("{}") << json
            << u"status 201 is not documented for POST /api/v1/profile-edits/{id}/approve"_s;
        QTest::newRow("403 where no permission is checked")
            << u"GET"_s << u"/api/v1/me"_s << 403 << error(u"forbidden"_s) << json
            << u"status 403 is not documented for GET /api/v1/me"_s;
        QTest::newRow("a 5xx that is not documented") << u"GET"_s << u"/healthz"_s << 500 << error(u"internal"_s)
                                                      << json << u"status 500 is not documented for GET /healthz"_s;
        QTest::newRow("undocumented status, unknown path")
            << u"GET"_s << u"/api/v1/nothing%25here%1"_s << 418 << error(u"teapot"_s) << json
            << u"status 418 is not documented for GET /api/v1/nothing%25here%1"_s;
        QTest::newRow("no response") << u"GET"_s << u"/api/v1/me"_s << 0 << QByteArray() << QByteArray()
                                     << u"no HTTP response"_s;
        QTest::newRow("allOf refinement")
            << u"GET"_s << u"/healthz"_s << 200 << R"({"status":"unavailable","version":"0.1.0","store":"sqlite"})"_ba
            << json << u"$.status: \"unavailable\" is not one of: \"ok\""_s;
        QTest::newRow("error not an object") << u"GET"_s << u"/api/v1/me"_s << 401 << R"({"error":"no"})"_ba << json
                                             << u"$.error: expected object, got string \"no\""_s;
        QTest::newRow("error with an extra key")
            << u"GET"_s << u"/api/v1/me"_s << 401 << R"({"error":{"code":"x","message":"m","stack":"..."}})"_ba << json
            << u"$.error: unexpected property \"stack\""_s;
        QTest::newRow("wrong item type in a page")
            << u"GET"_s << u"/api/v1/news"_s << 200
            << R"({"items":[{"id":"11111111-2222-4333-8444-555555555555","title":"t","deleted":false,
                  "published_at":"2026-11-30T10:00:00.000Z","published_by":"e","version":"3"}],
                  "next":"3","has_more":false})"_ba
            << json << u"$.items[0].version: expected integer, got string \"3\""_s;
        QTest::newRow("bad date-time") << u"GET"_s << u"/api/v1/referral-events"_s << 200
                                       << compact(page({[] {
                                                           QJsonObject e = referralEvent(1);
                                                           e.insert(u"client_time"_s, u"yesterday"_s);
                                                           return e;
                                                       }()},
                                                       u"1"_s))
                                       << json << u"$.items[0].client_time: \"yesterday\" is not a valid date-time"_s;
        QTest::newRow("bad event type") << u"GET"_s << u"/api/v1/referral-events"_s << 200
                                        << compact(page({[] {
                                                            QJsonObject e = referralEvent(1);
                                                            e.insert(u"type"_s, u"deleted"_s);
                                                            return e;
                                                        }()},
                                                        u"1"_s))
                                        << json << u"$.items[0].type: \"deleted\" is not one of"_s;
        QTest::newRow("cursor not a string")
            << u"GET"_s << u"/api/v1/referral-events"_s << 200 << R"({"items":[],"next":7,"has_more":false})"_ba << json
            << u"$.next: expected string, got number 7"_s;
        QTest::newRow("extra key deep in a directory item")
            << u"GET"_s << u"/api/v1/directory/changes"_s << 200
            << compact(page({[] {
                                QJsonObject data = professional();
                                QJsonObject cost = data.value(u"cost"_s).toObject();
                                cost.insert(u"secret"_s, 1);
                                data.insert(u"cost"_s, cost);
                                return QJsonObject{{u"kind"_s, u"professional"_s},
                                                   {u"id"_s, data.value(u"id"_s)},
                                                   {u"version"_s, 7},
                                                   {u"deleted"_s, false},
                                                   {u"data"_s, data}};
                            }()},
                            u"7"_s))
            << json << u"$.items[0].data.cost: unexpected property \"secret\""_s;
        QTest::newRow("an organisation labelled a professional")
            << u"GET"_s << u"/api/v1/directory/changes"_s << 200
            << compact(page({QJsonObject{{u"kind"_s, u"professional"_s},
                                         {u"id"_s, organisation().value(u"id"_s)},
                                         {u"version"_s, 3},
                                         {u"deleted"_s, false},
                                         {u"data"_s, organisation()}}},
                            u"3"_s))
            << json << u"$.items[0]: matches none of the oneOf schemas"_s;
        QTest::newRow("users cursor not a number")
            << u"GET"_s << u"/api/v1/users"_s << 200 << R"({"items":[],"next":"five","has_more":false})"_ba << json
            << u"$.next: \"five\" does not match ^[0-9]+$"_s;
        QTest::newRow("wrong content type") << u"GET"_s << u"/api/v1/me"_s << 200 << me("user", u"x"_s)
                                            << "text/html"_ba << u"content type \"text/html\" is not documented"_s;
        QTest::newRow("not JSON") << u"GET"_s << u"/api/v1/me"_s << 200 << "<html></html>"_ba << json
                                  << u"$: the body is not JSON"_s;
        QTest::newRow("empty body where JSON is documented")
            << u"GET"_s << u"/api/v1/me"_s << 401 << QByteArray() << json << u"$: the body is not JSON"_s;
        QTest::newRow("a body where none is documented")
            << u"HEAD"_s << u"/healthz"_s << 200 << "{}"_ba << json << u"no body is documented, got 2 bytes"_s;
        QTest::newRow("problems not strings")
            << u"POST"_s << u"/api/v1/news"_s << 400
            << R"({"error":{"code":"invalid_request","message":"m","problems":[1]}})"_ba << json
            << u"$.error.problems[0]: expected string, got number 1"_s;
    }

    void mismatchesAreReported()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, expected);
        const QStringList problems = m_spec.validate(method, path, status, body, contentType);
        const bool found =
            std::any_of(problems.cbegin(), problems.cend(), [&](const QString& p) { return p.contains(expected); });
        QVERIFY2(found,
                 qPrintable(u"expected a problem containing «%1», got:\n%2"_s.arg(expected, problems.join(u'\n'))));
    }

    void pathsMatchTheirTemplates()
    {
        const QString id = uuid();
        QCOMPARE(m_spec.matchPath(u"/api/v1/profile-edits/%1/approve"_s.arg(id)),
                 u"/api/v1/profile-edits/{id}/approve"_s);
        QCOMPARE(m_spec.matchPath(u"/api/v1/profile-edits/{id}/reject"_s), u"/api/v1/profile-edits/{id}/reject"_s);
        QCOMPARE(m_spec.matchPath(u"/api/v1/users/%1/revoke"_s.arg(id)), u"/api/v1/users/{id}/revoke"_s);
        QCOMPARE(m_spec.matchPath(u"/api/v1/users/a/b/revoke"_s), QString());
        QCOMPARE(m_spec.matchPath(u"/api/v1/users//revoke"_s), QString());
        QCOMPARE(m_spec.matchPath(u"/api/v1/news/"_s), QString());

        QCOMPARE(m_mini.matchPath(u"/things/special"_s), u"/things/special"_s);
        QCOMPARE(m_mini.matchPath(u"/things/other"_s), u"/things/{id}"_s);
        QCOMPARE(m_mini.matchPath(u"/things/a/parts/b"_s), u"/things/{id}/parts/{part}"_s);
        QCOMPARE(m_mini.matchPath(u"/things/a/b"_s), QString());

        // Status ranges and default; methods and paths that are not documented.
        QVERIFY(m_mini.validate(u"GET"_s, u"/things/7"_s, 404, R"({"error":1})", "application/json").isEmpty());
        QVERIFY(!m_mini.validate(u"GET"_s, u"/things/7"_s, 404, R"({})", "application/json").isEmpty());
        QVERIFY(m_mini.validate(u"POST"_s, u"/things/a/parts/b"_s, 500, "{}", "application/json").isEmpty());
        QVERIFY(m_mini.validate(u"GET"_s, u"/things/special"_s, 204, {}, {}).isEmpty());
        QCOMPARE(m_mini.validate(u"GET"_s, u"/things/special"_s, 200, {}, {}),
                 QStringList{u"status 200 is not documented for GET /things/special"_s});
        QCOMPARE(m_mini.validate(u"DELETE"_s, u"/things/7"_s, 200, "{}", "application/json"),
                 QStringList{u"DELETE /things/{id}: the method is not documented for this path"_s});
        QCOMPARE(m_mini.validate(u"GET"_s, u"/elsewhere?x=1"_s, 404, "{}", "application/json"),
                 QStringList{u"GET /elsewhere: the path is not documented"_s});
        // A text body is checked against a string schema.
        QVERIFY(m_mini.validate(u"GET"_s, u"/text"_s, 200, "short", "text/plain").isEmpty());
        QVERIFY(!m_mini.validate(u"GET"_s, u"/text"_s, 200, "much too long", "text/plain").isEmpty());
    }

    void schemaKeywords_data()
    {
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("expected"); // empty: valid

        QTest::newRow("integer") << u"Int"_s << "3"_ba << QString();
        QTest::newRow("integer written as 3.0") << u"Int"_s << "3.0"_ba << QString();
        QTest::newRow("integer, fraction") << u"Int"_s << "3.5"_ba << u"$: expected integer, got number 3.5"_s;
        QTest::newRow("integer, string") << u"Int"_s << "\"3\""_ba << u"$: expected integer, got string \"3\""_s;
        QTest::newRow("minimum") << u"Int"_s << "0"_ba << u"$: 0 is below the minimum 1"_s;
        QTest::newRow("maximum") << u"Int"_s << "11"_ba << u"$: 11 is above the maximum 10"_s;
        QTest::newRow("number") << u"Num"_s << "0.5"_ba << QString();
        QTest::newRow("exclusive minimum") << u"Num"_s << "0"_ba << u"below the minimum 0 (exclusive)"_s;
        QTest::newRow("exclusive maximum") << u"Num"_s << "1"_ba << u"above the maximum 1 (exclusive)"_s;
        QTest::newRow("number, boolean") << u"Num"_s << "true"_ba << u"$: expected number, got boolean true"_s;
        QTest::newRow("multipleOf") << u"Step"_s << "1.5"_ba << QString();
        QTest::newRow("not a multiple") << u"Step"_s << "1.2"_ba << u"is not a multiple of 0.5"_s;
        QTest::newRow("string") << u"Str"_s << "\"abc\""_ba << QString();
        QTest::newRow("minLength") << u"Str"_s << "\"a\""_ba << u"is shorter than 2 characters"_s;
        QTest::newRow("maxLength") << u"Str"_s << "\"abcde\""_ba << u"5 characters, more than 4"_s;
        QTest::newRow("length counts code points") << u"Str"_s << "\"\\ud83d\\ude00\""_ba << u"shorter than 2"_s;
        QTest::newRow("pattern") << u"Str"_s << "\"AB\""_ba << u"$: \"AB\" does not match ^[a-z]+$"_s;
        QTest::newRow("array") << u"Arr"_s << "[\"a\", \"b\"]"_ba << QString();
        QTest::newRow("minItems") << u"Arr"_s << "[]"_ba << u"$: 0 items, fewer than 1"_s;
        QTest::newRow("maxItems") << u"Arr"_s << "[\"a\", \"b\", \"c\"]"_ba << u"$: 3 items, more than 2"_s;
        QTest::newRow("uniqueItems") << u"Arr"_s << "[\"a\", \"a\"]"_ba << u"$[1]: repeats item 0"_s;
        QTest::newRow("items") << u"Arr"_s << "[\"a\", 2]"_ba << u"$[1]: expected string, got number 2"_s;
        QTest::newRow("date-time") << u"DateTime"_s << "\"2026-11-30T10:15:00.000Z\""_ba << QString();
        QTest::newRow("date-time with an offset") << u"DateTime"_s << "\"2026-11-30T10:15:00+01:00\""_ba << QString();
        QTest::newRow("date-time without a zone")
            << u"DateTime"_s << "\"2026-11-30T10:15:00\""_ba << u"is not a valid date-time"_s;
        QTest::newRow("date-time, 30 February")
            << u"DateTime"_s << "\"2026-02-30T10:15:00Z\""_ba << u"is not a valid date-time"_s;
        QTest::newRow("date-time, hour 24")
            << u"DateTime"_s << "\"2026-11-30T24:00:00Z\""_ba << u"is not a valid date-time"_s;
        QTest::newRow("date") << u"Date"_s << "\"2024-02-29\""_ba << QString();
        QTest::newRow("date, not a leap year") << u"Date"_s << "\"2026-02-29\""_ba << u"is not a valid date"_s;
        QTest::newRow("uuid") << u"Uuid"_s << "\"6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f\""_ba << QString();
        QTest::newRow("uuid with braces")
            << u"Uuid"_s << "\"{6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f}\""_ba << u"is not a valid uuid"_s;
        QTest::newRow("uuid too short") << u"Uuid"_s << "\"6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4\""_ba
                                        << u"is not a valid uuid"_s;
        QTest::newRow("object") << u"Obj"_s << R"({"a": "x", "n": 1})"_ba << QString();
        QTest::newRow("required") << u"Obj"_s << R"({"n": 1})"_ba << u"$: missing required property \"a\""_s;
        QTest::newRow("additionalProperties schema")
            << u"Obj"_s << R"({"a": "x", "n": "1"})"_ba << u"$.n: expected integer, got string \"1\""_s;
        QTest::newRow("maxProperties") << u"Obj"_s << R"({"a": "x", "n": 1, "m": 2, "o": 3})"_ba
                                       << u"$: 4 properties, more than 3"_s;
        QTest::newRow("additionalProperties false")
            << u"Closed"_s << R"({"a": "x", "b": 1})"_ba << u"$: unexpected property \"b\""_s;
        QTest::newRow("additionalProperties absent") << u"Open"_s << R"({"a": "x", "b": 1})"_ba << QString();
        QTest::newRow("odd key names") << u"Obj"_s << R"({"a": "x", "with space": "y"})"_ba
                                       << u"$[\"with space\"]: expected integer"_s;
        QTest::newRow("nullable") << u"Nullable"_s << "null"_ba << QString();
        QTest::newRow("nullable, wrong type") << u"Nullable"_s << "1"_ba << u"$: expected string, got number 1"_s;
        QTest::newRow("nullable allOf, null") << u"NullableRef"_s << "null"_ba << QString();
        QTest::newRow("nullable allOf, object") << u"NullableRef"_s << R"({"a": "x"})"_ba << QString();
        QTest::newRow("nullable allOf, bad object")
            << u"NullableRef"_s << R"({})"_ba << u"missing required property \"a\""_s;
        QTest::newRow("oneOf, first") << u"OneOf"_s << "2"_ba << QString();
        QTest::newRow("oneOf, second") << u"OneOf"_s << "6.5"_ba << QString();
        QTest::newRow("oneOf, both") << u"OneOf"_s << "7"_ba << u"$: matches 2 of the oneOf schemas"_s;
        QTest::newRow("oneOf, neither") << u"OneOf"_s << "2.5"_ba << u"$: matches none of the oneOf schemas"_s;
        QTest::newRow("anyOf") << u"AnyOf"_s << "false"_ba << QString();
        QTest::newRow("anyOf, neither") << u"AnyOf"_s << "1"_ba << u"$: matches none of the anyOf schemas"_s;
        QTest::newRow("allOf") << u"AllOf"_s << R"({"a": "y"})"_ba << QString();
        QTest::newRow("allOf, second fails")
            << u"AllOf"_s << R"({"a": "z"})"_ba << u"$.a: \"z\" is not one of: \"x\", \"y\""_s;
        QTest::newRow("allOf, first fails")
            << u"AllOf"_s << R"({"a": "x", "n": true})"_ba << u"$.n: expected integer, got boolean true"_s;
        QTest::newRow("not") << u"Not"_s << "1"_ba << QString();
        QTest::newRow("not, matched") << u"Not"_s << "\"s\""_ba << u"matches the schema it must not match"_s;
        QTest::newRow("enum of mixed types") << u"Enum"_s << "true"_ba << QString();
        QTest::newRow("enum, number") << u"Enum"_s << "1.0"_ba << QString();
        QTest::newRow("enum, missing") << u"Enum"_s << "\"two\""_ba << u"$: \"two\" is not one of: 1, \"one\", true"_s;
        QTest::newRow("deep path") << u"Deep"_s << R"({"list": [{"a": "x"}, {"a": 1}]})"_ba
                                   << u"$.list[1].a: expected string, got number 1"_s;
        QTest::newRow("unresolved $ref") << u"Broken"_s << "1"_ba
                                         << u"$ref \"#/components/schemas/Missing\" does not resolve"_s;
        QTest::newRow("$ref loop") << u"Loop"_s << "1"_ba << u"nests too deeply"_s;
        QTest::newRow("unknown type") << u"Odd"_s << "1"_ba << u"the schema's type \"decimal\" is unknown"_s;
    }

    void schemaKeywords()
    {
        QFETCH(QString, schema);
        QFETCH(QByteArray, value);
        QFETCH(QString, expected);
        const QStringList problems = m_mini.validateAgainst(jsonValue(value), schema);
        if (expected.isEmpty()) {
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
            return;
        }
        const bool found =
            std::any_of(problems.cbegin(), problems.cend(), [&](const QString& p) { return p.contains(expected); });
        QVERIFY2(found,
                 qPrintable(u"expected a problem containing «%1», got:\n%2"_s.arg(expected, problems.join(u'\n'))));
    }

    // The document's own rules: a success for every operation; 401 wherever a token is needed;
    // 403 exactly where a permission is checked; every error body is the Error object; every
    // path says what its other methods answer.
    void everyOperationDocumentsItsStatuses()
    {
        QStringList failures;
        const QJsonObject doc = m_spec.document();
        const QJsonObject paths = doc.value(u"paths"_s).toObject();
        QVERIFY(!paths.isEmpty());
        int count = 0;
        for (auto p = paths.begin(); p != paths.end(); ++p) {
            const QJsonObject item = m_spec.resolved(p.value()).toObject();
            const QJsonObject other = item.value(u"x-other-methods"_s).toObject();
            if (!other.value(u"responses"_s).toObject().contains(u"405"_s))
                failures.append(u"%1: x-other-methods does not document 405"_s.arg(p.key()));
            for (const QString& method : kMethods) {
                if (!item.contains(method))
                    continue;
                ++count;
                const QString where = method.toUpper() + u' ' + p.key();
                const QJsonObject op = m_spec.resolved(item.value(method)).toObject();
                const QJsonObject responses = op.value(u"responses"_s).toObject();
                const QStringList statuses = responses.keys();
                if (!std::any_of(statuses.cbegin(), statuses.cend(),
                                 [](const QString& s) { return s.startsWith(u'2'); }))
                    failures.append(where + u": no 2xx response"_s);
                const QJsonArray security =
                    op.contains(u"security"_s) ? op.value(u"security"_s).toArray() : doc.value(u"security"_s).toArray();
                const bool authenticated = std::any_of(security.begin(), security.end(),
                                                       [](const QJsonValue& r) { return !r.toObject().isEmpty(); });
                const bool checksPermission = op.contains(u"x-permission"_s);
                if (authenticated && !responses.contains(u"401"_s))
                    failures.append(where + u": authenticated, but 401 is not documented"_s);
                if (checksPermission && !responses.contains(u"403"_s))
                    failures.append(where + u": checks a permission, but 403 is not documented"_s);
                if (checksPermission && !authenticated)
                    failures.append(where + u": a permission without authentication"_s);
                if (authenticated && !checksPermission && responses.contains(u"403"_s))
                    failures.append(where + u": documents 403, but no permission is checked (x-permission)"_s);
                for (auto r = responses.begin(); r != responses.end(); ++r) {
                    const QJsonObject response = m_spec.resolved(r.value()).toObject();
                    if (!response.contains(u"description"_s))
                        failures.append(u"%1 %2: no description"_s.arg(where, r.key()));
                    const QJsonObject media =
                        response.value(u"content"_s).toObject().value(u"application/json"_s).toObject();
                    if (r.key().toInt() >= 400 && !media.isEmpty() && p.key() != "/healthz"_L1 &&
                        media.value(u"schema"_s).toObject().value(u"$ref"_s).toString() !=
                            "#/components/schemas/Error"_L1)
                        failures.append(u"%1 %2: an error that is not the Error object"_s.arg(where, r.key()));
                }
            }
        }
        QCOMPARE(count, 28);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    // x-roles of each operation are the roles Roles.cpp allows its x-permission, and every
    // permission guards some operation.
    void rolesAreThoseOfTheServerMatrix()
    {
        using namespace htmse::server;
        QHash<QString, Permission> permissions;
        for (Permission p : allPermissions())
            permissions.insert(toWire(p), p);
        QSet<QString> used;
        QStringList failures;
        const QJsonObject paths = m_spec.document().value(u"paths"_s).toObject();
        for (auto p = paths.begin(); p != paths.end(); ++p) {
            const QJsonObject item = p.value().toObject();
            for (const QString& method : kMethods) {
                const QJsonObject op = item.value(method).toObject();
                if (!op.contains(u"x-permission"_s))
                    continue;
                const QString where = method.toUpper() + u' ' + p.key();
                const QString wire = op.value(u"x-permission"_s).toString();
                if (!permissions.contains(wire)) {
                    failures.append(u"%1: x-permission \"%2\" is not a permission of Roles.cpp"_s.arg(where, wire));
                    continue;
                }
                used.insert(wire);
                QSet<QString> expected;
                for (Role role : allRoles())
                    if (isAllowed(role, permissions.value(wire)))
                        expected.insert(toWire(role));
                QSet<QString> documented;
                for (const QJsonValue& r : op.value(u"x-roles"_s).toArray())
                    documented.insert(r.toString());
                if (documented != expected) {
                    QStringList e(expected.cbegin(), expected.cend());
                    e.sort();
                    failures.append(u"%1: x-roles should be [%2]"_s.arg(where, e.join(u", "_s)));
                }
            }
        }
        for (auto it = permissions.cbegin(); it != permissions.cend(); ++it)
            if (!used.contains(it.key()))
                failures.append(u"the permission \"%1\" guards no documented operation"_s.arg(it.key()));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    // The operations are those HttpService::setUpRoutes serves, and each path's `allow` is the
    // Allow header its 405 sends (Qt's method order).
    void routesAreThoseOfTheServer()
    {
        const QSet<QString> served{
            u"GET /healthz"_s,
            u"HEAD /healthz"_s,
            u"GET /metrics"_s,
            u"POST /api/v1/auth/token"_s,
            u"POST /api/v1/auth/revoke"_s,
            u"GET /api/v1/me"_s,
            u"GET /api/v1/directory/changes"_s,
            u"GET /api/v1/referral-events"_s,
            u"POST /api/v1/referral-events"_s,
            u"GET /api/v1/news"_s,
            u"POST /api/v1/news"_s,
            u"GET /api/v1/resources"_s,
            u"POST /api/v1/resources"_s,
            u"GET /api/v1/profiles/me"_s,
            u"POST /api/v1/profiles/me"_s,
            u"PUT /api/v1/profiles/me"_s,
            u"GET /api/v1/profile-edits"_s,
            u"POST /api/v1/profile-edits/{id}/approve"_s,
            u"POST /api/v1/profile-edits/{id}/reject"_s,
            u"GET /api/v1/users"_s,
            u"POST /api/v1/users/{id}/revoke"_s,
            u"POST /api/v1/users/{id}/disable"_s,
            u"POST /api/v1/users/{id}/enable"_s,
            u"POST /api/v1/answer-links"_s,
            u"DELETE /api/v1/answer-links"_s,
            u"DELETE /api/v1/answer-links/{id}"_s,
            u"GET /answer/{token}"_s,
            u"POST /answer/{token}"_s,
        };
        QSet<QString> documented;
        QStringList failures;
        const QJsonObject paths = m_spec.document().value(u"paths"_s).toObject();
        for (auto p = paths.begin(); p != paths.end(); ++p) {
            const QJsonObject item = p.value().toObject();
            QStringList allow;
            for (const QString& method : {u"get"_s, u"put"_s, u"delete"_s, u"post"_s, u"head"_s}) // Qt's enum order
                if (item.contains(method))
                    allow.append(method.toUpper());
            for (const QString& method : kMethods)
                if (item.contains(method))
                    documented.insert(method.toUpper() + u' ' + p.key());
            const QString declared = item.value(u"x-other-methods"_s).toObject().value(u"allow"_s).toString();
            if (declared != allow.join(u", "_s))
                failures.append(
                    u"%1: allow is \"%2\", the server sends \"%3\""_s.arg(p.key(), declared, allow.join(u", "_s)));
        }
        QCOMPARE(documented, served);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    // The JSON the tests read is the conversion of the YAML as it is now.
    void theBuiltJsonIsCurrent()
    {
        const QString python = qEnvironmentVariable("HTMSE_PYTHON");
        if (python.isEmpty())
            QSKIP("HTMSE_PYTHON is not set");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString out = dir.filePath(u"openapi.json"_s);
        const auto run = htmse::test::runProcess(
            python, {qEnvironmentVariable("HTMSE_SOURCE_DIR") + u"/scripts/openapi-to-json.py"_s,
                     qEnvironmentVariable("HTMSE_SOURCE_DIR") + u"/docs/api/openapi.yaml"_s, out});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        OpenApiValidator fresh;
        QString problem;
        QVERIFY2(fresh.load(out, &problem), qPrintable(problem));
        QVERIFY2(fresh.document() == m_spec.document(),
                 "the build's openapi.json is stale: rebuild (the custom command converts the YAML)");
    }

    void conversionRefusesBadDocuments_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected"); // empty: converts

        const QByteArray head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";
        const QByteArray ok = "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: fine}\n";
        QTest::newRow("valid") << head + ok << QString();
        QTest::newRow("unresolved $ref")
            << head + "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/X'}\n"
            << u"$ref '#/components/responses/X' does not resolve"_s;
        QTest::newRow("remote $ref")
            << head + "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'other.yaml#/X'}\n"
            << u"is not a local reference"_s;
        QTest::newRow("not OpenAPI 3") << "swagger: '2.0'\ninfo: {title: t, version: '1'}\n"_ba + ok
                                       << u"openapi: expected a 3.x.y version string"_s;
        QTest::newRow("no info") << "openapi: 3.0.3\n"_ba + ok << u"info: missing"_s;
        QTest::newRow("info without version")
            << "openapi: 3.0.3\ninfo: {title: t}\n"_ba + ok << u"info.version: missing"_s;
        QTest::newRow("no paths") << head << u"paths: missing"_s;
        QTest::newRow("an operation without responses") << head + "paths:\n  /a:\n    get: {summary: s}\n"
                                                        << u"paths./a.get.responses: missing"_s;
        QTest::newRow("not a status") << head + "paths:\n  /a:\n    get:\n      responses:\n        '2000': {}\n"
                                      << u"is not a status code"_s;
        QTest::newRow("undeclared path parameter")
            << head + "paths:\n  /a/{id}:\n    get:\n      responses:\n        '200': {description: fine}\n"
            << u"the path parameter {id} is not declared"_s;
        QTest::newRow("a key twice") << head + ok + "  /a:\n    post:\n      responses:\n        '200': {}\n"
                                     << u"found the key '/a' twice"_s;
        QTest::newRow("an unquoted date") << head + ok + "x-when: 2026-11-30\n" << u"cannot be written as JSON"_s;
        QTest::newRow("not YAML") << "openapi: [3.0\n"_ba << u"openapi-to-json"_s;
    }

    void conversionRefusesBadDocuments()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        const QString python = qEnvironmentVariable("HTMSE_PYTHON");
        if (python.isEmpty())
            QSKIP("HTMSE_PYTHON is not set");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile in(dir.filePath(u"in.yaml"_s));
        QVERIFY(in.open(QIODevice::WriteOnly));
        in.write(yaml);
        in.close();
        const QString out = dir.filePath(u"out.json"_s);
        const auto run = htmse::test::runProcess(
            python, {qEnvironmentVariable("HTMSE_SOURCE_DIR") + u"/scripts/openapi-to-json.py"_s, in.fileName(), out});
        if (expected.isEmpty()) {
            QVERIFY2(run.exitCode == 0, run.err.constData());
            QVERIFY(QFile::exists(out));
            return;
        }
        QCOMPARE(run.exitCode, 1);
        QVERIFY(!QFile::exists(out));
        QVERIFY2(QString::fromUtf8(run.err).contains(expected), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestOpenApiValidator)
#include "TestOpenApiValidator.moc"
