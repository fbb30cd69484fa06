// One-time answer links against a real htmse-server process, on the backend HTMSE_TEST_BACKEND
// names: a caseworker creates a link for a referral to a recipient outside the directory, the
// page shows the referral as its letter does (never notes, statutory details, age or gender),
// the recipient declines with a reason once, and the caseworker's events bring the "declined"
// of the author "external"; a used, revoked, expired, erased or unknown link shows one neutral
// page; the page's headers, the escaping of hostile text, who may create and revoke, the form's
// nonce, the page's rate limit, and that neither the store nor the log holds the token. Every
// reply is checked against docs/api/openapi.yaml.
#include "common/ApiClient.h"
#include "common/OpenApiValidator.h"
#include "common/RunProcess.h"
#include "common/ServerProcess.h"
#include "common/TestBackend.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>

#include <optional>

using namespace Qt::StringLiterals;
using namespace htmse::test;

namespace {

const QString kPassword = u"a long test password"_s;
// Text that must never reach the page: the referral's note, statutory reference, age and gender.
const QString kNote = u"NOTE-she-fears-the-landlord"_s;
const QString kStatutoryRef = u"SCA-4471-SECRET"_s;
const QString kHostileRecipient = u"Shelter <script>alert('x')</script> \"quoted\" & co"_s;

QString serverExe()
{
    return qEnvironmentVariable("HTMSE_SERVER");
}

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject referralEvent(const QString& referral, const QString& type, const QJsonObject& payload = {})
{
    return QJsonObject{
        {u"id"_s, uuid()},       {u"referral_id"_s, referral},       {u"type"_s, type},
        {u"payload"_s, payload}, {u"device_id"_s, u"test-device"_s}, {u"client_time"_s, u"2026-11-30T10:00:00.000Z"_s}};
}

QJsonObject createdPayload(const QString& caseRef, const QString& externalRecipient, const QString& recipientId = {})
{
    QJsonObject p{{u"case_ref"_s, caseRef},
                  {u"kind"_s, u"victim-support"_s},
                  {u"needs"_s, QJsonArray{u"legal.immigration"_s}},
                  {u"languages"_s, QJsonArray{u"tir"_s}},
                  {u"interpreter"_s, true},
                  {u"urgency"_s, u"urgent"_s},
                  {u"age_band"_s, u"16-17"_s},
                  {u"gender"_s, u"non-binary"_s},
                  {u"location"_s, QJsonObject{{u"city"_s, u"Leeds"_s}, {u"country"_s, u"GB"_s}}},
                  {u"note"_s, kNote},
                  {u"statutory"_s, QJsonObject{{u"route"_s, u"nrm"_s}, {u"reference"_s, kStatutoryRef}}},
                  {u"consent"_s, QJsonObject{{u"given"_s, true},
                                             {u"scope"_s, u"Housing referral"_s},
                                             {u"date"_s, u"2026-11-30"_s},
                                             {u"recorded_by"_s, u"caseworker-7"_s}}}};
    if (recipientId.isEmpty())
        p.insert(u"external_recipient"_s, externalRecipient);
    else
        p.insert(u"recipient_id"_s, recipientId);
    return p;
}

QByteArray form(const QList<QPair<QString, QString>>& fields)
{
    QUrlQuery q;
    for (const auto& [k, v] : fields)
        q.addQueryItem(k, QString::fromUtf8(QUrl::toPercentEncoding(v)));
    return q.toString(QUrl::FullyEncoded).toUtf8();
}

QString nonceOf(const QByteArray& html)
{
    static const QRegularExpression re(u"name=\"nonce\" value=\"([^\"]+)\""_s);
    return re.match(QString::fromUtf8(html)).captured(1);
}

} // namespace

class TestAnswerLinks : public QObject
{
    Q_OBJECT

private:
    Run admin(const QStringList& args, const QByteArray& input = {})
    {
        return runProcess(serverExe(), args + m_backend.storeArguments(), input);
    }
    bool createUser(const QString& org, const QString& user, const QString& role)
    {
        const Run r =
            admin({u"create-user"_s, u"--org"_s, org, u"--user"_s, user, u"--role"_s, role}, kPassword.toUtf8() + '\n');
        return r.exitCode == 0;
    }
    QStringList serverArguments(const QStringList& extra = {})
    {
        return m_backend.storeArguments() +
               QStringList{u"--rate-limit-ip"_s,     u"0"_s, u"--rate-limit-token"_s, u"0"_s,
                           u"--rate-limit-answer"_s, u"0"_s} +
               extra;
    }
    void watch(ApiClient& client)
    {
        client.setObserver([this](const QByteArray& method, const QString& path, const ApiReply& reply) {
            for (const QString& p :
                 m_spec->validate(QString::fromLatin1(method), path, reply.status, reply.body, reply.contentType))
                m_specProblems.append(
                    u"%1 %2 -> %3: %4"_s.arg(QString::fromLatin1(method), path).arg(reply.status).arg(p));
        });
    }
    QByteArray token(const QString& user) const { return m_tokens.value(user); }

    // A referral of Org A, created and sent, to a recipient outside the directory (or, with
    // `recipientId`, to a directory professional).
    QString sentReferral(const QString& caseRef, const QString& recipientId = {}, bool send = true)
    {
        const QString referral = uuid();
        QJsonArray events{
            referralEvent(referral, u"created"_s, createdPayload(caseRef, kHostileRecipient, recipientId))};
        if (send)
            events.append(referralEvent(referral, u"sent"_s));
        const ApiReply r =
            m_api.post(u"/api/v1/referral-events"_s, token(u"a-case"_s), QJsonObject{{u"events"_s, events}});
        if (r.json().value(u"accepted"_s).toArray().size() != events.size())
            qWarning("push: %s", r.body.constData());
        return referral;
    }
    ApiReply createLink(const QString& user, const QString& referral, const QJsonObject& extra = {})
    {
        QJsonObject body = extra;
        body.insert(u"referral_id"_s, referral);
        return m_api.post(u"/api/v1/answer-links"_s, token(user), body);
    }
    // The path of a new link's page (the URL's host is the one the test reached).
    QString linkPath(const QString& referral, QString* id = nullptr)
    {
        const ApiReply r = createLink(u"a-case"_s, referral);
        if (r.status != 201)
            qWarning("create link: %d %s", r.status, r.body.constData());
        if (id)
            *id = r.json().value(u"id"_s).toString();
        return QUrl(r.json().value(u"url"_s).toString()).path();
    }
    ApiReply postForm(ApiClient& api, const QString& path, const QList<QPair<QString, QString>>& fields)
    {
        return api.send("POST", path, {}, form(fields), {{"Content-Type"_ba, "application/x-www-form-urlencoded"_ba}});
    }
    QJsonArray eventsOf(const QString& referral)
    {
        QJsonArray out;
        for (const QJsonValue& v : m_api.all(u"/api/v1/referral-events"_s, token(u"a-case"_s), 500))
            if (v.toObject().value(u"referral_id"_s).toString() == referral)
                out.append(v);
        return out;
    }
    // The neutral page: says the link is no longer valid and nothing of any case.
    static void verifyNeutral(const ApiReply& r, const QString& caseRef)
    {
        QCOMPARE(r.status, 404);
        QVERIFY(r.contentType.startsWith("text/html"));
        QVERIFY(r.body.contains("This link is no longer valid"));
        for (const QString& secret : {caseRef, u"Shelter"_s, u"Leeds"_s, u"Tigrinya"_s, u"Org A"_s})
            QVERIFY2(!r.body.contains(secret.toUtf8()), qPrintable(secret));
        QVERIFY(!r.body.contains("<form"));
    }

    TestBackend m_backend;
    ServerProcess m_server;
    ApiClient m_api;
    std::optional<OpenApiValidator> m_spec;
    QStringList m_specProblems;
    QHash<QString, QByteArray> m_tokens;

private slots:
    void initTestCase()
    {
        HTMSE_SET_UP_BACKEND(m_backend);
        m_spec.emplace();
        QString specError;
        QVERIFY2(m_spec->load(qEnvironmentVariable("HTMSE_OPENAPI_JSON"), &specError), qPrintable(specError));
        for (const QString& org : {u"Org A"_s, u"Org B"_s}) {
            const Run r = admin({u"create-org"_s, u"--name"_s, org});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        QVERIFY(createUser(u"Org A"_s, u"a-case"_s, u"caseworker"_s));
        QVERIFY(createUser(u"Org A"_s, u"a-legal"_s, u"legal"_s));
        QVERIFY(createUser(u"Org A"_s, u"a-admin"_s, u"org-admin"_s));
        QVERIFY(createUser(u"Org B"_s, u"b-case"_s, u"caseworker"_s));
        QVERIFY2(m_server.start(serverExe(), serverArguments()), m_server.log().constData());
        m_api.setBase(m_server.url());
        watch(m_api);
        for (const QString& user : {u"a-case"_s, u"a-legal"_s, u"a-admin"_s, u"b-case"_s}) {
            m_tokens[user] = m_api.signIn(user, kPassword);
            QVERIFY2(!m_tokens[user].isEmpty(), qPrintable(user));
        }
    }

    void cleanupTestCase() { QVERIFY2(m_specProblems.isEmpty(), qPrintable(m_specProblems.join(u'\n'))); }

    // The whole way: create, open, decline with a reason, and the caseworker's events bring it.
    void declineReachesTheCaseworker()
    {
        const QString caseRef = u"HT-2026-0142"_s;
        const QString referral = sentReferral(caseRef);
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const ApiReply created = createLink(u"a-case"_s, referral);
        QCOMPARE(created.status, 201);
        const QUrl url(created.json().value(u"url"_s).toString());
        QCOMPARE(url.host(), m_server.url().host());
        QCOMPARE(url.port(), m_server.url().port());
        QVERIFY(url.path().startsWith(u"/answer/"_s));
        const QString tokenText = url.path().mid(8);
        QCOMPARE(tokenText.size(), 43); // 256 bits, base64url
        const QDateTime expires = QDateTime::fromString(created.json().value(u"expires_at"_s).toString(), Qt::ISODate);
        QVERIFY(expires >= before.addDays(14).addSecs(-5) && expires <= before.addDays(14).addSecs(60));

        const ApiReply page = m_api.get(url.path());
        QCOMPARE(page.status, 200);
        QVERIFY(page.contentType.startsWith("text/html"));
        for (const QByteArray& shown :
             {"HT-2026-0142"_ba, "Victim support"_ba, "Immigration and asylum"_ba, "Tigrinya"_ba,
              "an interpreter is needed"_ba, "Leeds"_ba, "Org A"_ba, "The person consented to this referral"_ba})
            QVERIFY2(page.body.contains(shown), shown.constData());
        for (const QString& secret : {kNote, kStatutoryRef, u"16-17"_s, u"non-binary"_s, u"Non-binary"_s,
                                      u"caseworker-7"_s, u"nrm"_s, u"National Referral"_s})
            QVERIFY2(!page.body.contains(secret.toUtf8()), qPrintable(secret));
        for (const QByteArray& answer : {"value=\"accept\""_ba, "value=\"decline\""_ba, "value=\"acknowledge\""_ba})
            QVERIFY2(page.body.contains(answer), answer.constData());

        const QString nonce = nonceOf(page.body);
        QVERIFY(!nonce.isEmpty());
        const QString explanation = u"We are full until January; try Haven House + Leeds Women's Aid."_s;
        const ApiReply answered = postForm(m_api, url.path(),
                                           {{u"nonce"_s, nonce},
                                            {u"answer"_s, u"decline"_s},
                                            {u"reason"_s, u"no-capacity"_s},
                                            {u"explanation"_s, explanation}});
        QCOMPARE(answered.status, 200);
        QVERIFY(answered.body.contains("You declined the referral."));
        QVERIFY(!answered.body.contains(caseRef.toUtf8()));

        const QJsonArray events = eventsOf(referral);
        QCOMPARE(events.size(), 3);
        const QJsonObject declined = events.last().toObject();
        QCOMPARE(declined.value(u"type"_s).toString(), u"declined"_s);
        QCOMPARE(declined.value(u"author_user"_s).toString(), u"external"_s);
        const QJsonObject payload = declined.value(u"payload"_s).toObject();
        QCOMPARE(payload.value(u"reason"_s).toString(), u"no-capacity"_s);
        QCOMPARE(payload.value(u"note"_s).toString(), explanation);

        // Used: the same neutral page, for GET and POST, and nothing more is recorded.
        verifyNeutral(m_api.get(url.path()), caseRef);
        verifyNeutral(postForm(m_api, url.path(), {{u"nonce"_s, nonce}, {u"answer"_s, u"accept"_s}}), caseRef);
        QCOMPARE(eventsOf(referral).size(), 3);

        // The store holds the token's SHA-256 only, and the view went with the use.
        QSqlDatabase db = m_backend.open(u"rows"_s);
        QSqlQuery q(db);
        QVERIFY(q.exec(u"SELECT * FROM answer_links"_s));
        const QByteArray hash = QCryptographicHash::hash(tokenText.toLatin1(), QCryptographicHash::Sha256).toHex();
        bool found = false;
        while (q.next()) {
            for (int c = 0; c < q.record().count(); ++c)
                QVERIFY(!q.value(c).toString().contains(tokenText));
            if (q.value(u"token_hash"_s).toString().toLatin1() == hash) {
                found = true;
                QCOMPARE(q.value(u"view"_s).toString(), u"{}"_s);
                QVERIFY(!q.value(u"used_at"_s).isNull());
            }
        }
        QVERIFY(found);

        // The log has neither the token nor anything of the case.
        const QByteArray log = m_server.log();
        for (const QString& secret : {tokenText, caseRef, explanation, u"Shelter"_s})
            QVERIFY2(!log.contains(secret.toUtf8()), qPrintable(secret));
        QVERIFY(log.contains("answer_link.used"));
    }

    void pageHeaders()
    {
        const ApiReply page = m_api.get(linkPath(sentReferral(u"HT-HEAD-1"_s)));
        QCOMPARE(page.status, 200);
        const QByteArray csp = page.header("Content-Security-Policy");
        for (const QByteArray& part :
             {"default-src 'none'"_ba, "form-action 'self'"_ba, "frame-ancestors 'none'"_ba, "base-uri 'none'"_ba})
            QVERIFY2(csp.contains(part), csp.constData());
        QVERIFY(!csp.contains("unsafe"));
        // The one style block is allowed by its hash, and nothing else is.
        static const QRegularExpression styleRe(u"<style>(.*)</style>"_s,
                                                QRegularExpression::DotMatchesEverythingOption);
        const QString style = styleRe.match(QString::fromUtf8(page.body)).captured(1);
        QVERIFY(!style.isEmpty());
        const QByteArray hash = QCryptographicHash::hash(style.toUtf8(), QCryptographicHash::Sha256).toBase64();
        QVERIFY2(csp.contains(QByteArray("style-src 'sha256-" + hash + "'")), csp.constData());
        QCOMPARE(page.header("Referrer-Policy"), "no-referrer"_ba);
        QVERIFY(page.header("X-Robots-Tag").contains("noindex"));
        QCOMPARE(page.header("Cache-Control"), "no-store"_ba);
        QCOMPARE(page.header("X-Content-Type-Options"), "nosniff"_ba);
        QCOMPARE(page.header("X-Frame-Options"), "DENY"_ba);
        QVERIFY(page.body.contains("<meta name=\"robots\" content=\"noindex"));
        // Self-contained: no scripts, no external anything, forms post back to the page.
        for (const QByteArray& absent :
             {"<script"_ba, " src="_ba, "<link"_ba, "http://"_ba, "https://"_ba, "style=\""_ba})
            QVERIFY2(!page.body.contains(absent), absent.constData());
        QVERIFY(page.body.contains("<form method=\"post\" action=\"\">"));
        // The neutral page carries the same headers.
        const ApiReply gone = m_api.get(u"/answer/"_s + QString(43, u'A'));
        QCOMPARE(gone.header("Content-Security-Policy"), csp);
        QCOMPARE(gone.header("Referrer-Policy"), "no-referrer"_ba);
    }

    // Hostile text is shown as text: the recipient's name from the referral, and what the
    // person typed when the page comes back with a problem.
    void hostileTextIsEscaped()
    {
        const QString path = linkPath(sentReferral(u"HT-ESC-1"_s));
        const ApiReply page = m_api.get(path);
        QCOMPARE(page.status, 200);
        QVERIFY(!page.body.contains("<script"));
        QVERIFY(page.body.contains("Shelter &lt;script&gt;alert('x')&lt;/script&gt; &quot;quoted&quot; &amp; co"));
        const QString typed = u"</textarea><script>alert(1)</script><img src=x onerror=alert(2)>"_s;
        const ApiReply again = postForm(
            m_api, path, {{u"nonce"_s, nonceOf(page.body)}, {u"answer"_s, u"decline"_s}, {u"explanation"_s, typed}});
        QCOMPARE(again.status, 400);
        QVERIFY(again.body.contains("Choose a reason for declining."));
        QVERIFY(!again.body.contains("<script"));
        QVERIFY(!again.body.contains("<img"));
        QVERIFY(again.body.contains("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
        // Nothing was recorded; the link still works.
        QCOMPARE(m_api.get(path).status, 200);
    }

    void declineNeedsReasonAndExplanation_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("explanation");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no reason") << QString() << u"full"_s << u"Choose a reason"_s;
        QTest::newRow("unknown reason") << u"bored"_s << u"full"_s << u"Choose a reason"_s;
        QTest::newRow("no explanation") << u"no-capacity"_s << u"   "_s << u"Say in a few words"_s;
        QTest::newRow("too long") << u"no-capacity"_s << QString(1001, u'x') << u"at most 1000"_s;
        QTest::newRow("control characters") << u"no-capacity"_s << u"full\u0001"_s << u"cannot be kept"_s;
    }

    void declineNeedsReasonAndExplanation()
    {
        QFETCH(QString, reason);
        QFETCH(QString, explanation);
        QFETCH(QString, problem);
        const QString referral = sentReferral(u"HT-FORM-1"_s);
        const QString path = linkPath(referral);
        const ApiReply page = m_api.get(path);
        const ApiReply r = postForm(m_api, path,
                                    {{u"nonce"_s, nonceOf(page.body)},
                                     {u"answer"_s, u"decline"_s},
                                     {u"reason"_s, reason},
                                     {u"explanation"_s, explanation}});
        QCOMPARE(r.status, 400);
        QVERIFY2(r.body.contains(problem.toUtf8()), r.body.constData());
        QCOMPARE(eventsOf(referral).size(), 2);
    }

    // A form without the page's nonce records nothing (a form posted from elsewhere).
    void formNeedsThePagesNonce()
    {
        const QString referral = sentReferral(u"HT-NONCE-1"_s);
        const QString path = linkPath(referral);
        for (const QString& nonce : {QString(), u"forged-nonce-value-0000"_s}) {
            const ApiReply r = postForm(m_api, path, {{u"nonce"_s, nonce}, {u"answer"_s, u"accept"_s}});
            QCOMPARE(r.status, 400);
            QVERIFY(r.body.contains("This form is out of date"));
        }
        QCOMPARE(eventsOf(referral).size(), 2);
        const ApiReply page = m_api.get(path);
        const ApiReply accepted = postForm(m_api, path, {{u"nonce"_s, nonceOf(page.body)}, {u"answer"_s, u"accept"_s}});
        QCOMPARE(accepted.status, 200);
        const QJsonArray events = eventsOf(referral);
        QCOMPARE(events.size(), 3);
        QCOMPARE(events.last().toObject().value(u"type"_s).toString(), u"accepted"_s);
        QCOMPARE(events.last().toObject().value(u"author_user"_s).toString(), u"external"_s);
    }

    // Acknowledging uses the link up too, and leaves accept and decline to other routes.
    void acknowledgeOnce()
    {
        const QString referral = sentReferral(u"HT-ACK-1"_s);
        const QString path = linkPath(referral);
        const ApiReply page = m_api.get(path);
        QCOMPARE(postForm(m_api, path, {{u"nonce"_s, nonceOf(page.body)}, {u"answer"_s, u"acknowledge"_s}}).status,
                 200);
        QCOMPARE(eventsOf(referral).last().toObject().value(u"type"_s).toString(), u"acknowledged"_s);
        verifyNeutral(m_api.get(path), u"HT-ACK-1"_s);
        // A new link for the acknowledged referral offers accept and decline only.
        const ApiReply next = m_api.get(linkPath(referral));
        QCOMPARE(next.status, 200);
        QVERIFY(next.body.contains("value=\"accept\""));
        QVERIFY(!next.body.contains("value=\"acknowledge\""));
    }

    void revokedLinkShowsNothing()
    {
        const QString referral = sentReferral(u"HT-REVOKE-1"_s);
        QString id;
        const QString path = linkPath(referral, &id);
        QCOMPARE(m_api.get(path).status, 200);
        QCOMPARE(m_api.send("DELETE", u"/api/v1/answer-links/"_s + id, token(u"b-case"_s)).status, 404);
        QCOMPARE(m_api.send("DELETE", u"/api/v1/answer-links/"_s + id, token(u"a-admin"_s)).status, 403);
        QCOMPARE(m_api.send("DELETE", u"/api/v1/answer-links/"_s + id).status, 401);
        QCOMPARE(m_api.get(path).status, 200); // none of those revoked it
        const ApiReply revoked = m_api.send("DELETE", u"/api/v1/answer-links/"_s + id, token(u"a-legal"_s));
        QCOMPARE(revoked.status, 200);
        QCOMPARE(revoked.json().value(u"id"_s).toString(), id);
        QVERIFY(revoked.json().value(u"revoked"_s).toBool());
        verifyNeutral(m_api.get(path), u"HT-REVOKE-1"_s);
        verifyNeutral(postForm(m_api, path, {{u"nonce"_s, u"x"_s}, {u"answer"_s, u"accept"_s}}), u"HT-REVOKE-1"_s);
        QCOMPARE(eventsOf(referral).size(), 2);
        QCOMPARE(m_api.send("DELETE", u"/api/v1/answer-links/"_s + uuid(), token(u"a-case"_s)).status, 404);
        QCOMPARE(m_api.send("DELETE", u"/api/v1/answer-links/not-a-uuid"_s, token(u"a-case"_s)).status, 404);
    }

    // A device that did not keep the ids revokes every usable link of a referral at once.
    void revokeEveryLinkOfAReferral()
    {
        const QString referral = sentReferral(u"HT-REVOKE-ALL"_s);
        const QString first = linkPath(referral);
        const QString second = linkPath(referral);
        const QString query = u"/api/v1/answer-links?referral_id="_s + referral;
        QCOMPARE(m_api.send("DELETE", query, token(u"b-case"_s)).json().value(u"revoked"_s).toInt(), 0);
        QCOMPARE(m_api.send("DELETE", query, token(u"a-admin"_s)).status, 403);
        QCOMPARE(m_api.get(first).status, 200);
        const ApiReply revoked = m_api.send("DELETE", query, token(u"a-case"_s));
        QCOMPARE(revoked.status, 200);
        QCOMPARE(revoked.json().value(u"revoked"_s).toInt(), 2);
        QCOMPARE(revoked.json().value(u"referral_id"_s).toString(), referral);
        verifyNeutral(m_api.get(first), u"HT-REVOKE-ALL"_s);
        verifyNeutral(m_api.get(second), u"HT-REVOKE-ALL"_s);
        QCOMPARE(m_api.send("DELETE", query, token(u"a-case"_s)).json().value(u"revoked"_s).toInt(), 0);
        QCOMPARE(m_api.send("DELETE", u"/api/v1/answer-links?referral_id=nope"_s, token(u"a-case"_s)).status, 400);
    }

    void unknownTokensShowNothing_data()
    {
        QTest::addColumn<QString>("tokenText");
        QTest::newRow("random") << QString::fromLatin1(
            QByteArray(32, 'z').toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        QTest::newRow("short") << u"abc"_s;
        QTest::newRow("odd characters") << u"%3Cscript%3E"_s;
        QTest::newRow("very long") << QString(2000, u'a');
    }

    void unknownTokensShowNothing()
    {
        QFETCH(QString, tokenText);
        verifyNeutral(m_api.get(u"/answer/"_s + tokenText), u"HT-"_s);
        verifyNeutral(postForm(m_api, u"/answer/"_s + tokenText, {{u"answer"_s, u"accept"_s}}), u"HT-"_s);
    }

    void onlyTheOrganisationsCaseworkersCreate()
    {
        const QString referral = sentReferral(u"HT-WHO-1"_s);
        QCOMPARE(createLink(u"b-case"_s, referral).status, 404); // another organisation's: as if absent
        QCOMPARE(createLink(u"b-case"_s, referral).errorCode(), u"not_found"_s);
        QCOMPARE(createLink(u"a-admin"_s, referral).status, 403);
        QCOMPARE(m_api.post(u"/api/v1/answer-links"_s, {}, {{u"referral_id"_s, referral}}).status, 401);
        QCOMPARE(createLink(u"a-legal"_s, referral).status, 201);
        QCOMPARE(createLink(u"a-case"_s, uuid()).status, 404);
        QCOMPARE(m_api.post(u"/api/v1/answer-links"_s, token(u"a-case"_s), {}).status, 400);
        QCOMPARE(createLink(u"a-case"_s, u"not-a-uuid"_s).status, 400);
    }

    void notForDirectoryRecipientsOrUnsentReferrals()
    {
        const ApiReply inDirectory = createLink(u"a-case"_s, sentReferral(u"HT-DIR-1"_s, uuid()));
        QCOMPARE(inDirectory.status, 409);
        QCOMPARE(inDirectory.errorCode(), u"recipient_in_directory"_s);
        const ApiReply unsent = createLink(u"a-case"_s, sentReferral(u"HT-UNSENT-1"_s, {}, false));
        QCOMPARE(unsent.status, 409);
        QCOMPARE(unsent.errorCode(), u"not_answerable"_s);
        // Revoked by the organisation: no new link, and an existing one shows nothing.
        const QString referral = sentReferral(u"HT-CLOSED-1"_s);
        const QString path = linkPath(referral);
        const ApiReply pushed = m_api.post(u"/api/v1/referral-events"_s, token(u"a-case"_s),
                                           {{u"events"_s, QJsonArray{referralEvent(referral, u"revoked"_s)}}});
        QCOMPARE(pushed.json().value(u"accepted"_s).toArray().size(), 1);
        QCOMPARE(createLink(u"a-case"_s, referral).errorCode(), u"not_answerable"_s);
        verifyNeutral(m_api.get(path), u"HT-CLOSED-1"_s);
    }

    void lifetime()
    {
        const QString referral = sentReferral(u"HT-DAYS-1"_s);
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const ApiReply shorter = createLink(u"a-case"_s, referral, {{u"days"_s, 3}});
        QCOMPARE(shorter.status, 201);
        const QDateTime expires = QDateTime::fromString(shorter.json().value(u"expires_at"_s).toString(), Qt::ISODate);
        QVERIFY(expires >= before.addDays(3).addSecs(-5) && expires <= before.addDays(3).addSecs(60));
        for (const QJsonValue& days : {QJsonValue(0), QJsonValue(31), QJsonValue(2.5), QJsonValue(u"7"_s)}) {
            const ApiReply r = createLink(u"a-case"_s, referral, {{u"days"_s, days}});
            QCOMPARE(r.status, 400);
            QVERIFY(r.json().value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"days"_s));
        }
    }

    // A server whose links live about two seconds: once that has passed, the link shows nothing.
    void expiredLinkShowsNothing()
    {
        ServerProcess shortLived;
        QVERIFY2(shortLived.start(serverExe(), serverArguments({u"--answer-link-days"_s, u"0.00002"_s,
                                                                u"--public-url"_s, u"https://answers.example.org/"_s})),
                 shortLived.log().constData());
        ApiClient api(shortLived.url());
        watch(api);
        const QString referral = sentReferral(u"HT-EXPIRE-1"_s);
        const ApiReply created =
            api.post(u"/api/v1/answer-links"_s, token(u"a-case"_s), {{u"referral_id"_s, referral}});
        QCOMPARE(created.status, 201);
        const QUrl url(created.json().value(u"url"_s).toString());
        QCOMPARE(url.scheme(), u"https"_s);
        QCOMPARE(url.host(), u"answers.example.org"_s);
        QVERIFY(url.path().startsWith(u"/answer/"_s));
        const QDateTime expires = QDateTime::fromString(created.json().value(u"expires_at"_s).toString(), Qt::ISODate);
        QVERIFY(expires > QDateTime::currentDateTimeUtc().addSecs(-1));
        QVERIFY(expires < QDateTime::currentDateTimeUtc().addSecs(10));
        const ApiReply page = api.get(url.path());
        if (QDateTime::currentDateTimeUtc() < expires)
            QCOMPARE(page.status, 200);
        while (QDateTime::currentDateTimeUtc() <= expires.addMSecs(100))
            QTest::qWait(100);
        verifyNeutral(api.get(url.path()), u"HT-EXPIRE-1"_s);
        verifyNeutral(postForm(api, url.path(), {{u"nonce"_s, nonceOf(page.body)}, {u"answer"_s, u"accept"_s}}),
                      u"HT-EXPIRE-1"_s);
        QCOMPARE(eventsOf(referral).size(), 2);
        // No default longer than the maximum.
        const Run refused = runProcess(serverExe(), QStringList{u"serve"_s, u"--answer-link-days"_s, u"40"_s} +
                                                        m_backend.storeArguments());
        QCOMPARE(refused.exitCode, 1); // a usage error
        QVERIFY(refused.err.contains("--answer-link-max-days"));
    }

    // Erasing the referral deletes its links.
    void erasureDeletesLinks()
    {
        const QString referral = sentReferral(u"HT-ERASE-1"_s);
        const QString path = linkPath(referral);
        QCOMPARE(m_api.get(path).status, 200);
        const ApiReply pushed = m_api.post(u"/api/v1/referral-events"_s, token(u"a-case"_s),
                                           {{u"events"_s, QJsonArray{referralEvent(referral, u"erased"_s)}}});
        QCOMPARE(pushed.json().value(u"accepted"_s).toArray().size(), 1);
        verifyNeutral(m_api.get(path), u"HT-ERASE-1"_s);
        QSqlDatabase db = m_backend.open(u"erased"_s);
        QSqlQuery q(db);
        QVERIFY(q.exec(u"SELECT COUNT(*) FROM answer_links WHERE referral_id = '%1'"_s.arg(referral)));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

    // The page's requests are limited per client address, like sign-ins.
    void rateLimited()
    {
        ServerProcess limited;
        QVERIFY2(limited.start(serverExe(), m_backend.storeArguments() + QStringList{u"--rate-limit-answer"_s, u"3"_s}),
                 limited.log().constData());
        ApiClient api(limited.url());
        watch(api);
        const QString path = u"/answer/"_s + QString(43, u'B');
        for (int i = 0; i < 3; ++i)
            QCOMPARE(api.get(path).status, 404);
        const ApiReply r = api.get(path);
        QCOMPARE(r.status, 429);
        QVERIFY(r.contentType.startsWith("text/html"));
        QVERIFY(r.body.contains("Too many attempts"));
        QVERIFY(r.header("Retry-After").toInt() >= 1);
        QCOMPARE(r.header("Referrer-Policy"), "no-referrer"_ba);
    }
};

QTEST_GUILESS_MAIN(TestAnswerLinks)
#include "TestAnswerLinks.moc"
