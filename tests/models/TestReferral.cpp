#include "demo/Random.h"
#include "domain/Referral.h"
#include "domain/ReferralTransitions.h"

#include <QJsonArray>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

using S = ReferralStatus;
using E = ReferralEventType;

namespace {
const QUuid kReferral = QUuid::fromString(u"11111111-2222-4333-8444-555555555555"_s);

QJsonObject createdPayload()
{
    return QJsonObject{
        {u"case_ref"_s, u"HT-2026-0142"_s},
        {u"kind"_s, u"victim-support"_s},
        {u"needs"_s, QJsonArray{u"legal.immigration"_s, u"mental-health.trauma"_s}},
        {u"languages"_s, QJsonArray{u"tir"_s, u"ara"_s}},
        {u"interpreter"_s, true},
        {u"location"_s, QJsonObject{{u"city"_s, u"Leeds"_s}, {u"country"_s, u"GB"_s}}},
        {u"age_band"_s, u"18-24"_s},
        {u"gender"_s, u"female"_s},
        {u"urgency"_s, u"urgent"_s},
        {u"recipient_id"_s, u"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"_s},
        {u"consent"_s, QJsonObject{{u"given"_s, true},
                                   {u"scope"_s, u"Legal and medical referral"_s},
                                   {u"date"_s, u"2026-11-30"_s},
                                   {u"recorded_by"_s, u"caseworker-7"_s}}},
        {u"statutory"_s, QJsonObject{{u"route"_s, u"nrm"_s},
                                     {u"reference"_s, u"SCA-123"_s},
                                     {u"reasonable_grounds"_s,
                                      QJsonObject{{u"decision"_s, u"positive"_s}, {u"date"_s, u"2026-10-01"_s}}}}}};
}

QJsonObject payloadFor(E type)
{
    switch (type) {
    case E::Created:
        return createdPayload();
    case E::Declined:
        return {{u"reason"_s, u"no-capacity"_s}};
    case E::Completed:
        return {{u"success"_s, true}, {u"outcome"_s, u"Report delivered"_s}};
    case E::NoteAdded:
        return {{u"text"_s, u"Called the clinic"_s}};
    case E::FollowUpSet:
        return {{u"due"_s, u"2026-12-07"_s}};
    case E::ConsentWithdrawn:
        return {{u"date"_s, u"2026-12-01"_s}, {u"recorded_by"_s, u"caseworker-7"_s}};
    default:
        return {};
    }
}

ReferralEvent makeEvent(E type, int minute, std::optional<qint64> seq = std::nullopt)
{
    ReferralEvent e;
    e.id = QUuid::createUuid();
    e.referralId = kReferral;
    e.type = type;
    e.payload = payloadFor(type);
    e.deviceId = u"device-a"_s;
    e.clientTime = QDateTime(QDate(2026, 11, 30), QTime(9, 0), Qt::UTC).addSecs(minute * 60);
    e.serverSeq = seq;
    return e;
}

// A straightforward re-statement of the intended rules, to check the table against.
std::optional<S> expected(S from, E e)
{
    const bool exists = from != S::None && from != S::Erased;
    switch (e) {
    case E::Created:
        return from == S::None ? std::optional(S::Created) : std::nullopt;
    case E::Sent:
        return from == S::Created ? std::optional(S::Sent) : std::nullopt;
    case E::Acknowledged:
        return from == S::Sent ? std::optional(S::Acknowledged) : std::nullopt;
    case E::Accepted:
        return from == S::Sent || from == S::Acknowledged ? std::optional(S::Accepted) : std::nullopt;
    case E::Declined:
        return from == S::Sent || from == S::Acknowledged ? std::optional(S::Declined) : std::nullopt;
    case E::Revoked:
        return from == S::Created || from == S::Sent || from == S::Acknowledged || from == S::Accepted
                   ? std::optional(S::Revoked)
                   : std::nullopt;
    case E::Completed:
        return from == S::Accepted ? std::optional(S::Completed) : std::nullopt;
    case E::NoteAdded:
    case E::FollowUpSet:
        return exists ? std::optional(from) : std::nullopt;
    case E::ConsentWithdrawn:
        return exists && from != S::ConsentWithdrawn ? std::optional(S::ConsentWithdrawn) : std::nullopt;
    case E::Erased:
        return from != S::Erased ? std::optional(S::Erased) : std::nullopt;
    }
    return std::nullopt;
}
} // namespace

class TestReferral : public QObject
{
    Q_OBJECT

private slots:
    void wireNamesRoundTrip();
    void everyStatusEventPair();
    void refusalSaysWhatIsAllowed();
    void happyPathFold();
    void foldIsDeterministicUnderShuffles();
    void serverSequenceWinsOverClientTime();
    void duplicatesAndForeignEventsAreHandled();
    void erasureWinsAndForgets();
    void eventJsonRoundTrip();
    void badEvents_data();
    void badEvents();
    void detailsRoundTrip();
};

void TestReferral::wireNamesRoundTrip()
{
    for (E e : allReferralEventTypes())
        QCOMPARE(eventTypeFromWire(toWire(e)), std::optional(e));
    for (S s : allReferralStatuses())
        QCOMPARE(statusFromWire(toWire(s)), std::optional(s));
    QVERIFY(!eventTypeFromWire(u"deleted"));
}

void TestReferral::everyStatusEventPair()
{
    int allowed = 0;
    for (S s : allReferralStatuses()) {
        for (E e : allReferralEventTypes()) {
            const auto got = ReferralTransitions::apply(s, e);
            const auto want = expected(s, e);
            QVERIFY2(got == want, qPrintable(toWire(s) + u" + "_s + toWire(e)));
            QCOMPARE(ReferralTransitions::allowedEvents(s).contains(e), want.has_value());
            allowed += want ? 1 : 0;
        }
    }
    QCOMPARE(ReferralTransitions::table().size(), allowed);
    QVERIFY(ReferralTransitions::allowedEvents(S::Erased).isEmpty());
}

void TestReferral::refusalSaysWhatIsAllowed()
{
    QCOMPARE(ReferralTransitions::refusal(S::Sent, E::Completed),
             u"cannot apply \"completed\" to a referral that is \"sent\"; allowed: acknowledged, accepted, declined, "
             "revoked, note-added, follow-up-set, consent-withdrawn, erased"_s);
}

void TestReferral::happyPathFold()
{
    const Referral r = Referral::fold({makeEvent(E::Created, 0), makeEvent(E::Sent, 1), makeEvent(E::FollowUpSet, 2),
                                       makeEvent(E::Accepted, 3), makeEvent(E::Completed, 4)});
    QCOMPARE(r.status, S::Completed);
    QCOMPARE(r.id, kReferral);
    QCOMPARE(r.details.caseRef, u"HT-2026-0142"_s);
    QCOMPARE(r.details.languages, QStringList({u"tir"_s, u"ara"_s}));
    QCOMPARE(r.history.size(), 5);
    QVERIFY(r.rejected.isEmpty());
    QVERIFY(!r.followUpDue.isValid()); // closed: nothing left to follow up
    QCOMPARE(r.completedSuccessfully, std::optional(true));
    QVERIFY(r.isClosed());
}

void TestReferral::foldIsDeterministicUnderShuffles()
{
    const QList<ReferralEvent> events = {makeEvent(E::Created, 0, 1),   makeEvent(E::Sent, 1, 2),
                                         makeEvent(E::NoteAdded, 2, 3), makeEvent(E::Declined, 3, 4),
                                         makeEvent(E::Accepted, 4),     makeEvent(E::FollowUpSet, 5),
                                         makeEvent(E::NoteAdded, 6),    makeEvent(E::ConsentWithdrawn, 7)};
    const Referral reference = Referral::fold(events);
    QCOMPARE(reference.status, S::ConsentWithdrawn);
    QCOMPARE(reference.rejected.size(), 1); // accepted after declined
    DemoRandom rng(7);
    for (int round = 0; round < 300; ++round) {
        QList<ReferralEvent> shuffled = events;
        for (qsizetype i = shuffled.size() - 1; i > 0; --i)
            shuffled.swapItemsAt(i, qsizetype(rng.below(std::uint64_t(i + 1))));
        const Referral r = Referral::fold(shuffled);
        QCOMPARE(r.status, reference.status);
        QCOMPARE(r.history.size(), reference.history.size());
        for (qsizetype i = 0; i < r.history.size(); ++i)
            QCOMPARE(r.history.at(i).id, reference.history.at(i).id);
        QCOMPARE(r.rejected.first().event.id, reference.rejected.first().event.id);
    }
}

void TestReferral::serverSequenceWinsOverClientTime()
{
    // Device clocks disagree: the server's order decides.
    ReferralEvent created = makeEvent(E::Created, 10, 1);
    ReferralEvent sent = makeEvent(E::Sent, 0, 2);
    ReferralEvent declined = makeEvent(E::Declined, 5, 4);
    ReferralEvent accepted = makeEvent(E::Accepted, 1, 3);
    const Referral r = Referral::fold({declined, sent, accepted, created});
    QCOMPARE(r.status, S::Accepted);
    QCOMPARE(r.rejected.size(), 1);
    QCOMPARE(r.rejected.first().event.type, E::Declined);
}

void TestReferral::duplicatesAndForeignEventsAreHandled()
{
    const ReferralEvent created = makeEvent(E::Created, 0);
    ReferralEvent foreign = makeEvent(E::Sent, 1);
    foreign.referralId = QUuid::createUuid();
    const Referral r = Referral::fold({created, created, foreign});
    QCOMPARE(r.history.size(), 1);
    QCOMPARE(r.rejected.size(), 1);
    QCOMPARE(r.rejected.first().reason, u"belongs to another referral"_s);
}

void TestReferral::erasureWinsAndForgets()
{
    const Referral r = Referral::fold(
        {makeEvent(E::Created, 0), makeEvent(E::Sent, 1), makeEvent(E::Erased, 2), makeEvent(E::NoteAdded, 3)});
    QCOMPARE(r.status, S::Erased);
    QVERIFY(r.details.caseRef.isEmpty());
    QVERIFY(r.details.needs.isEmpty());
    QCOMPARE(r.history.size(), 1); // only the erasure, which carries nothing about the person
    QCOMPARE(r.history.first().type, E::Erased);
    QCOMPARE(r.rejected.size(), 1);
    QVERIFY(!r.sharingAllowed());
}

void TestReferral::eventJsonRoundTrip()
{
    ReferralEvent e = makeEvent(E::Created, 0, 77);
    e.authorUser = u"caseworker-7"_s;
    e.authorOrganisation = u"kestrel"_s;
    ValidationProblems problems;
    const auto back = ReferralEvent::fromJson(e.toJson(), problems);
    QVERIFY2(back, qPrintable(problems.toStrings().join(u'\n')));
    QVERIFY(*back == e);
}

void TestReferral::badEvents_data()
{
    QTest::addColumn<QJsonObject>("document");
    QTest::addColumn<QString>("problem");
    const QJsonObject base = makeEvent(E::Created, 0).toJson();
    auto with = [&base](const QString& key, const QJsonValue& v) {
        QJsonObject o = base;
        o.insert(key, v);
        return o;
    };
    auto withPayload = [&base](const QString& key, const QJsonValue& v) {
        QJsonObject o = base;
        QJsonObject p = o.value(u"payload"_s).toObject();
        if (v.isUndefined())
            p.remove(key);
        else
            p.insert(key, v);
        o.insert(u"payload"_s, p);
        return o;
    };
    QTest::newRow("unknown type") << with(u"type"_s, u"deleted"_s) << u"type: \"deleted\" is not one of:"_s;
    QTest::newRow("no client time") << with(u"client_time"_s, QJsonValue()) << u"client_time: is required"_s;
    QTest::newRow("name as case ref") << withPayload(u"case_ref"_s, u"Maria Popescu"_s)
                                      << u"payload.case_ref: must be a pseudonymous reference"_s;
    QTest::newRow("unknown kind") << withPayload(u"kind"_s, u"rescue"_s)
                                  << u"payload.kind: \"rescue\" is not one of:"_s;
    QTest::newRow("no needs") << withPayload(u"needs"_s, QJsonArray())
                              << u"payload.needs: must list at least one item"_s;
    QTest::newRow("both recipients") << withPayload(u"external_recipient"_s, u"Local GP"_s)
                                     << u"payload: give exactly one of recipient_id and external_recipient"_s;
    QTest::newRow("override without reason")
        << withPayload(u"consent"_s,
                       QJsonObject{{u"given"_s, false}, {u"override"_s, true}, {u"override_by"_s, u"lead"_s}})
        << u"payload.consent.override_reason: is required"_s;
    QTest::newRow("consent given without date")
        << withPayload(u"consent"_s, QJsonObject{{u"given"_s, true}, {u"recorded_by"_s, u"cw"_s}})
        << u"payload.consent.date: is required"_s;
    QJsonObject declined = makeEvent(E::Declined, 1).toJson();
    declined.insert(u"payload"_s, QJsonObject{{u"reason"_s, u"busy"_s}});
    QTest::newRow("unstructured decline") << declined << u"payload.reason: \"busy\" is not one of:"_s;
    QJsonObject erased = makeEvent(E::Erased, 1).toJson();
    erased.insert(u"payload"_s, QJsonObject{{u"case_ref"_s, u"HT-1"_s}});
    QTest::newRow("erasure carrying data") << erased << u"payload: must be empty for an erasure"_s;
    QJsonObject failed = makeEvent(E::Completed, 1).toJson();
    failed.insert(u"payload"_s, QJsonObject{{u"success"_s, false}});
    QTest::newRow("failure without reason") << failed << u"payload.reason: is required"_s;
}

void TestReferral::badEvents()
{
    QFETCH(QJsonObject, document);
    QFETCH(QString, problem);
    ValidationProblems problems;
    QVERIFY(!ReferralEvent::fromJson(document, problems));
    const QString all = problems.toStrings().join(u'\n');
    QVERIFY2(all.contains(problem), qPrintable(all));
}

void TestReferral::detailsRoundTrip()
{
    ValidationProblems problems;
    const auto d = ReferralDetails::fromJson(createdPayload(), problems);
    QVERIFY2(d, qPrintable(problems.toStrings().join(u'\n')));
    QCOMPARE(d->statutory->reasonableGrounds.decision, u"positive"_s);
    const auto back = ReferralDetails::fromJson(d->toJson(), problems);
    QVERIFY(back);
    QVERIFY(*back == *d);
}

QTEST_GUILESS_MAIN(TestReferral)
#include "TestReferral.moc"
