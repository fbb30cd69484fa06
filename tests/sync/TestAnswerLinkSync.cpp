// One-time answer links from a caseworker's desktop session (SyncController, a real encrypted
// profile) against a real htmse-server (both backends): the link is made through the profile's
// stored sign-in after the referral is uploaded, the recipient outside the directory declines
// through the page, and the caseworker's next sync folds the external "declined" with its
// reason into the local log. A referral to a directory professional, an unsent referral and a
// server without a stored sign-in each give a plain-words failure; revoking makes the page show
// nothing.
#include "common/TemporaryWorkspace.h"
#include "session/SyncController.h"
#include "sync/SyncServerFixture.h"

#include <QEventLoop>
#include <QRegularExpression>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace htmse;
using namespace htmse::test;

namespace {

struct LinkRun
{
    SyncOutcome outcome;
    std::optional<AnswerLinkResult> link;
};

// One run of a fresh controller: a plain sync (with the password), or an answer-link errand.
LinkRun run(ProfileWorkspace& w, const QUrl& server, const std::function<bool(SyncController&)>& start)
{
    SyncController controller(w);
    controller.setServer(server, u"a1"_s);
    SyncSettings tuning;
    tuning.retries = 1;
    tuning.retryBaseMs = 20;
    tuning.transferTimeoutMs = 20'000;
    tuning.pullPublications = false;
    controller.setTuning(tuning);
    LinkRun out;
    QEventLoop loop;
    QObject::connect(&controller, &SyncController::answerLinkDone, &loop,
                     [&](const AnswerLinkResult& r) { out.link = r; });
    QObject::connect(&controller, &SyncController::finished, &loop, [&](const SyncOutcome& o) {
        out.outcome = o;
        loop.quit();
    });
    if (!start(controller)) {
        out.outcome.result = SyncOutcome::Result::Local;
        out.outcome.message = u"did not start"_s;
        return out;
    }
    loop.exec();
    return out;
}

ReferralDetails externalReferral(const QString& caseRef)
{
    ReferralDetails d;
    d.caseRef = caseRef;
    d.kind = u"professional-consultation"_s; // no personal data, so no consent to record
    d.needs = {u"legal.immigration"_s};
    d.languages = {u"tir"_s};
    d.externalRecipient = u"Haven Shelter, Leeds"_s;
    d.note = u"private note"_s;
    return d;
}

QString nonceOf(const QByteArray& html)
{
    static const QRegularExpression re(u"name=\"nonce\" value=\"([^\"]+)\""_s);
    return re.match(QString::fromUtf8(html)).captured(1);
}

} // namespace

class TestAnswerLinkSync : public QObject
{
    Q_OBJECT

private:
    QUuid sentReferral(const QString& caseRef, bool send = true)
    {
        ReferralError e;
        const auto id = (*m_a1)->createReferral(externalReferral(caseRef), &e);
        if (!id)
            qWarning("createReferral: %s", qPrintable(e.message));
        if (id && send && !(*m_a1)->addReferralEvent(*id, ReferralEventType::Sent, {}, &e))
            qWarning("sent: %s", qPrintable(e.message));
        return id.value_or(QUuid());
    }
    LinkRun createLink(const QUuid& referral)
    {
        return run(**m_a1, m_fixture.url(), [&](SyncController& c) { return c.createAnswerLink(referral); });
    }

    SyncServerFixture m_fixture;
    std::unique_ptr<TemporaryWorkspace> m_a1;

private slots:
    void initTestCase()
    {
        HTMSE_SET_UP_SYNC_FIXTURE(m_fixture, 20);
        m_a1 = std::make_unique<TemporaryWorkspace>();
        // The first sign-in, with the password; the links' runs use the stored sign-in.
        const LinkRun first = run(**m_a1, m_fixture.url(), [](SyncController& c) {
            return c.syncNow(SecureBytes::copyOf(QByteArrayView(SyncServerFixture::kPassword)));
        });
        QVERIFY2(first.outcome.ok(), qPrintable(first.outcome.message));
    }

    void declineThroughTheLinkReachesTheLog()
    {
        // Recorded offline: the link's run uploads the referral before asking for the link.
        const QUuid referral = sentReferral(u"HT-LINK-1"_s);
        QCOMPARE((*m_a1)->syncJournal().pendingEvents(), 2);
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const LinkRun made = createLink(referral);
        QVERIFY2(made.outcome.ok(), qPrintable(made.outcome.message));
        QCOMPARE(made.outcome.pushedEvents, 2);
        QVERIFY(made.link);
        QVERIFY2(made.link->ok, qPrintable(made.link->message));
        QCOMPARE(made.link->referralId, referral);
        QVERIFY(!made.link->id.isNull());
        QCOMPARE(made.link->url.host(), m_fixture.url().host());
        QCOMPARE(made.link->url.port(), m_fixture.url().port());
        QVERIFY(made.link->expiresAt > before.addDays(13) && made.link->expiresAt < before.addDays(15));

        // The recipient, without an account, declines on the page.
        ApiClient browser(m_fixture.url());
        const ApiReply page = browser.get(made.link->url.path());
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("HT-LINK-1"));
        QVERIFY(!page.body.contains("private note"));
        QUrlQuery form;
        form.addQueryItem(u"nonce"_s, nonceOf(page.body));
        form.addQueryItem(u"answer"_s, u"decline"_s);
        form.addQueryItem(u"reason"_s, u"location"_s);
        form.addQueryItem(u"explanation"_s, u"We only take people from West Yorkshire"_s);
        const ApiReply answered =
            browser.send("POST", made.link->url.path(), {}, form.toString(QUrl::FullyEncoded).toUtf8(),
                         {{"Content-Type"_ba, "application/x-www-form-urlencoded"_ba}});
        QCOMPARE(answered.status, 200);
        QCOMPARE((*m_a1)->referrals().summary(referral)->status, ReferralStatus::Sent);

        // The caseworker's next sync folds it in.
        const LinkRun next = run(**m_a1, m_fixture.url(), [](SyncController& c) { return c.syncNow(); });
        QVERIFY2(next.outcome.ok(), qPrintable(next.outcome.message));
        QVERIFY(!next.link);
        const auto folded = (*m_a1)->referrals().referral(referral);
        QVERIFY(folded);
        QCOMPARE(folded->status, ReferralStatus::Declined);
        QCOMPARE(folded->declineReason, u"location"_s);
        const ReferralEvent& declined = folded->history.last();
        QCOMPARE(declined.type, ReferralEventType::Declined);
        QCOMPARE(declined.authorUser, u"external"_s);
        QCOMPARE(declined.payload.value(u"note"_s).toString(), u"We only take people from West Yorkshire"_s);
        QCOMPARE((*m_a1)->syncJournal().pendingEvents(), 0);
    }

    void refusalsInPlainWords()
    {
        // An unsent referral: uploaded, but it cannot take an answer yet.
        const QUuid unsent = sentReferral(u"HT-LINK-UNSENT"_s, false);
        LinkRun r = createLink(unsent);
        QVERIFY2(r.outcome.ok(), qPrintable(r.outcome.message)); // the sync itself went well
        QVERIFY(r.link && !r.link->ok);
        QVERIFY2(r.link->message.contains(u"must be sent"_s), qPrintable(r.link->message));
        QVERIFY(r.link->url.isEmpty());

        // A referral to a directory professional answers through their account.
        ReferralDetails toPro = externalReferral(u"HT-LINK-PRO"_s);
        toPro.externalRecipient.clear();
        toPro.recipientId = QUuid(m_fixture.professionalIds().first());
        ReferralError e;
        const auto pro = (*m_a1)->createReferral(toPro, &e);
        QVERIFY(pro);
        QVERIFY((*m_a1)->addReferralEvent(*pro, ReferralEventType::Sent, {}, &e));
        r = createLink(*pro);
        QVERIFY(r.link && !r.link->ok);
        QVERIFY2(r.link->message.contains(u"in the directory"_s), qPrintable(r.link->message));

        // A server this profile has no sign-in for: the errand fails with the run's reason.
        const LinkRun other =
            run(**m_a1, QUrl(u"http://127.0.0.1:1"_s), [&](SyncController& c) { return c.createAnswerLink(unsent); });
        QCOMPARE(other.outcome.result, SyncOutcome::Result::BadCredentials);
        QVERIFY(other.link && !other.link->ok);
        QCOMPARE(other.link->message, other.outcome.message);
        QVERIFY2(other.link->message.contains(u"the password is needed"_s), qPrintable(other.link->message));
    }

    void revokeFromTheDesktop()
    {
        const QUuid referral = sentReferral(u"HT-LINK-REVOKE"_s);
        const LinkRun made = createLink(referral);
        QVERIFY(made.link && made.link->ok);
        ApiClient browser(m_fixture.url());
        QCOMPARE(browser.get(made.link->url.path()).status, 200);
        const LinkRun revoked =
            run(**m_a1, m_fixture.url(), [&](SyncController& c) { return c.revokeAnswerLinks(referral); });
        QVERIFY2(revoked.outcome.ok(), qPrintable(revoked.outcome.message));
        QVERIFY(revoked.link && revoked.link->ok);
        QCOMPARE(revoked.link->revoked, 1);
        const ApiReply gone = browser.get(made.link->url.path());
        QCOMPARE(gone.status, 404);
        QVERIFY(!gone.body.contains("HT-LINK-REVOKE"));
    }
};

QTEST_GUILESS_MAIN(TestAnswerLinkSync)
#include "TestAnswerLinkSync.moc"
