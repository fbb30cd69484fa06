#include "common/Files.h"
#include "common/ManualClock.h"
#include "core/SecureBytes.h"
#include "export/ReferralCsv.h"
#include "storage/AuditLog.h"
#include "storage/ReferralStore.h"
#include "storage/Schema.h"
#include "storage/SqlCipherDriver.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;
using E = ReferralEventType;
using S = ReferralStatus;

namespace {
const QUuid kLawyer = QUuid::fromString(u"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"_s);

ReferralDetails details(const QString& caseRef, QStringList needs = {u"legal.immigration"_s}, const QUuid& to = kLawyer)
{
    ReferralDetails d;
    d.caseRef = caseRef;
    d.kind = u"victim-support"_s;
    d.needs = std::move(needs);
    d.languages = {u"tir"_s};
    d.interpreter = true;
    d.recipientId = to;
    d.consent = Consent{true, u"legal referral"_s, QDate(2026, 11, 30), u"amina"_s, false, false, {}, {}};
    d.note = u"Prefers a female lawyer; lives near the station"_s;
    return d;
}
} // namespace

class TestReferralStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void createAndFold();
    void consentRule();
    void duplicateGuard();
    void illegalTransitionsAreRefusedWithTheReason();
    void malformedPayloadsNameTheField();
    void outboxHoldsLocalEvents();
    void cacheRebuildsToTheSameState();
    void retentionPurgeWithInjectedClock();
    void eraseCaseLeavesNoTraceInRawBytes_data();
    void eraseCaseLeavesNoTraceInRawBytes();
    void csvExportFullAndMinimised();

private:
    void openDb(bool encrypted);

    std::unique_ptr<QTemporaryDir> m_dir;
    QSqlDatabase m_db;
    test::ManualClock m_clock;
    std::unique_ptr<ReferralStore> m_store;
};

void TestReferralStore::openDb(bool encrypted)
{
    cleanup();
    m_dir = std::make_unique<QTemporaryDir>();
    SqlCipherDriver::registerDriver();
    m_db = QSqlDatabase::addDatabase(SqlCipherDriver::kDriverName, u"referrals"_s);
    m_db.setDatabaseName(m_dir->filePath(u"htmse.db"_s));
    auto* driver = static_cast<SqlCipherDriver*>(m_db.driver());
    if (encrypted)
        driver->setKey(SecureBytes::random(32));
    else
        driver->allowUnencrypted(true); // to look for leftovers in the raw pages
    QVERIFY(m_db.open());
    QString error;
    QVERIFY2(Schema::migrate(m_db, &error), qPrintable(error));
    m_store = std::make_unique<ReferralStore>(m_db, u"amina"_s, u"device-1"_s, m_clock);
}

void TestReferralStore::init()
{
    openDb(true);
}

void TestReferralStore::cleanup()
{
    m_store.reset();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"referrals"_s);
    }
}

void TestReferralStore::createAndFold()
{
    ReferralError error;
    const auto id = m_store->create(details(u"HT-1"_s), Policy(), &error);
    QVERIFY2(id, qPrintable(error.message));
    m_clock.advance(60);
    QCOMPARE(m_store->addEvent(*id, E::Sent, {}, &error), std::optional(S::Sent));
    m_clock.advance(60);
    QCOMPARE(m_store->addEvent(*id, E::FollowUpSet, {{u"due"_s, u"2026-12-07"_s}}, &error), std::optional(S::Sent));
    const auto r = m_store->referral(*id);
    QVERIFY(r);
    QCOMPARE(r->status, S::Sent);
    QCOMPARE(r->history.size(), 3);
    QCOMPARE(r->details.caseRef, u"HT-1"_s);
    const auto s = m_store->summary(*id);
    QCOMPARE(s->status, S::Sent);
    QCOMPARE(s->followUpDue, QDate(2026, 12, 7));
    QCOMPARE(s->recipient, kLawyer.toString(QUuid::WithoutBraces));
    QVERIFY(m_store->overdue(QDate(2026, 12, 6)).isEmpty());
    QCOMPARE(m_store->overdue(QDate(2026, 12, 8)).size(), 1);
    QCOMPARE(m_store->afterUnlock(Policy(), &error).overdue, 0);
    m_clock.advance(10 * 24 * 3600);
    const auto greeting = m_store->afterUnlock(Policy(), &error);
    QCOMPARE(greeting.overdue, 1);
    QCOMPARE(greeting.purged, 0);
}

void TestReferralStore::consentRule()
{
    ReferralDetails d = details(u"HT-2"_s);
    d.consent = Consent{};
    ReferralError error;
    QVERIFY(!m_store->create(d, Policy(), &error));
    QCOMPARE(error.code, ReferralError::Refused);
    d.consent = Consent{false, {}, {}, {}, false, true, u"Child-protection duty"_s, u"team lead"_s};
    QVERIFY(m_store->create(d, Policy(), &error)); // a recorded override
    Policy relaxed;
    relaxed.consentRequiredForVictimReferrals = false;
    ReferralDetails none = details(u"HT-3"_s);
    none.consent.reset();
    QVERIFY(m_store->create(none, relaxed, &error));
    ReferralDetails consultation = details(u"HT-4"_s);
    consultation.kind = u"professional-consultation"_s;
    consultation.consent.reset();
    QVERIFY(m_store->create(consultation, Policy(), &error));
}

void TestReferralStore::duplicateGuard()
{
    ReferralError error;
    const auto first = m_store->create(details(u"HT-5"_s), Policy(), &error);
    QVERIFY(first);
    // Same case, same recipient.
    QCOMPARE(m_store->duplicatesOf(details(u"HT-5"_s, {u"medical.general"_s})).size(), 1);
    // Same case, same need, other recipient.
    QCOMPARE(m_store->duplicatesOf(details(u"HT-5"_s, {u"legal.immigration"_s}, QUuid::createUuid())).size(), 1);
    // Same case, other need and recipient: no warning.
    QVERIFY(m_store->duplicatesOf(details(u"HT-5"_s, {u"medical.general"_s}, QUuid::createUuid())).isEmpty());
    // Other case: none.
    QVERIFY(m_store->duplicatesOf(details(u"HT-6"_s)).isEmpty());
    // A closed referral is no duplicate.
    QVERIFY(m_store->addEvent(*first, E::Revoked, {}, &error));
    QVERIFY(m_store->duplicatesOf(details(u"HT-5"_s)).isEmpty());
}

void TestReferralStore::illegalTransitionsAreRefusedWithTheReason()
{
    ReferralError error;
    const auto id = m_store->create(details(u"HT-7"_s), Policy(), &error);
    QVERIFY(!m_store->addEvent(*id, E::Completed, {{u"success"_s, true}}, &error));
    QCOMPARE(error.code, ReferralError::Refused);
    QCOMPARE(error.message, ReferralTransitions::refusal(S::Created, E::Completed));
    QVERIFY(error.message.contains(u"allowed: sent"_s));
    QVERIFY(!m_store->addEvent(*id, E::Created, details(u"HT-7"_s).toJson(), &error));
    QVERIFY(!m_store->addEvent(QUuid::createUuid(), E::Sent, {}, &error));
    QCOMPARE(error.code, ReferralError::NotFound);
    QCOMPARE(m_store->referral(*id)->history.size(), 1); // nothing was written
}

void TestReferralStore::malformedPayloadsNameTheField()
{
    ReferralError error;
    const auto id = m_store->create(details(u"HT-8"_s), Policy(), &error);
    QVERIFY(m_store->addEvent(*id, E::Sent, {}, &error));
    QVERIFY(!m_store->addEvent(*id, E::Declined, {{u"reason"_s, u"busy"_s}}, &error));
    QCOMPARE(error.code, ReferralError::Invalid);
    QVERIFY2(error.message.startsWith(u"payload.reason: \"busy\" is not one of"_s), qPrintable(error.message));
    QVERIFY(!m_store->addEvent(*id, E::FollowUpSet, {{u"due"_s, u"next week"_s}}, &error));
    QVERIFY(error.message.contains(u"payload.due"_s));
    ReferralDetails bad = details(u"Maria Popescu"_s);
    QVERIFY(!m_store->create(bad, Policy(), &error));
    QVERIFY(error.message.contains(u"case_ref"_s));
}

void TestReferralStore::outboxHoldsLocalEvents()
{
    ReferralError error;
    const auto id = m_store->create(details(u"HT-9"_s), Policy(), &error);
    m_clock.advance(1);
    m_store->addEvent(*id, E::Sent, {}, &error);
    const auto outbox = m_store->outbox();
    QCOMPARE(outbox.size(), 2);
    QCOMPARE(outbox.at(0).type, E::Created);
    QCOMPARE(outbox.at(1).type, E::Sent);
    QCOMPARE(outbox.at(0).deviceId, u"device-1"_s);
    QCOMPARE(outbox.at(0).authorUser, u"amina"_s);
}

void TestReferralStore::cacheRebuildsToTheSameState()
{
    ReferralError error;
    for (int i = 0; i < 20; ++i) {
        const auto id = m_store->create(details(u"HT-R%1"_s.arg(i)), Policy(), &error);
        m_clock.advance(10);
        if (i % 2)
            m_store->addEvent(*id, E::Sent, {}, &error);
        if (i % 3 == 0)
            m_store->addEvent(*id, E::Revoked, {{u"reason"_s, u"duplicate"_s}}, &error);
        m_clock.advance(10);
    }
    m_store->eraseCase(u"HT-R4"_s, &error);
    const auto before = m_store->summaries();
    QVERIFY(QSqlQuery(m_db).exec(u"UPDATE referrals SET status = 'accepted'"_s)); // the cache drifts
    QVERIFY(m_store->rebuildCache(&error));
    QCOMPARE(m_store->summaries(), before);
}

void TestReferralStore::retentionPurgeWithInjectedClock()
{
    ReferralError error;
    const auto closedOld = m_store->create(details(u"HT-OLD"_s), Policy(), &error);
    m_store->addEvent(*closedOld, E::Revoked, {}, &error);
    const auto openOld = m_store->create(details(u"HT-OPEN"_s), Policy(), &error);
    // Nothing closed is purged while its events still wait to be sent.
    m_clock.advance(qint64(25) * 31 * 24 * 3600);
    QCOMPARE(m_store->purgeExpired(24, &error), 0);
    QVERIFY(QSqlQuery(m_db).exec(u"UPDATE referral_events SET pending = 0, server_seq = rowid"_s)); // synced
    const auto closedNew = m_store->create(details(u"HT-NEW"_s), Policy(), &error);
    m_store->addEvent(*closedNew, E::Revoked, {}, &error);
    QVERIFY(QSqlQuery(m_db).exec(u"UPDATE referral_events SET pending = 0, server_seq = rowid"_s));
    QCOMPARE(m_store->purgeExpired(24, &error), 1);
    QVERIFY(!m_store->summary(*closedOld));
    QVERIFY(!m_store->referral(*closedOld));
    QVERIFY(m_store->summary(*openOld));   // open: kept however old
    QVERIFY(m_store->summary(*closedNew)); // closed recently: kept
    const auto audit = AuditLog(m_db).entries();
    QCOMPARE(audit.first().event, u"retention-purge"_s);
    QCOMPARE(audit.first().detail, u"closed referrals removed: 1"_s); // a count, nothing else
}

void TestReferralStore::eraseCaseLeavesNoTraceInRawBytes_data()
{
    QTest::addColumn<bool>("encrypted");
    QTest::newRow("plain pages (what the cipher would hide)") << false;
    QTest::newRow("encrypted") << true;
}

void TestReferralStore::eraseCaseLeavesNoTraceInRawBytes()
{
    QFETCH(bool, encrypted);
    openDb(encrypted);
    ReferralError error;
    const QString secretCase = u"HTSECRET-4417"_s;
    ReferralDetails d = details(secretCase);
    d.note = u"ZEBRA-UNIQUE-NOTE lives above the bakery"_s;
    QList<QUuid> ids;
    for (int i = 0; i < 3; ++i) {
        const auto id = m_store->create(d, Policy(), &error);
        QVERIFY(id);
        m_store->addEvent(*id, E::NoteAdded, {{u"text"_s, u"ZEBRA-UNIQUE-NOTE again"_s}}, &error);
        ids.append(*id);
    }
    const auto other = m_store->create(details(u"HT-KEEP"_s), Policy(), &error);
    const QString path = m_dir->filePath(u"htmse.db"_s);
    const bool plaintextOnDisk = test::readAll(path).contains("ZEBRA-UNIQUE-NOTE") ||
                                 test::readAll(path + u"-wal"_s).contains("ZEBRA-UNIQUE-NOTE");
    // Plain pages show what erasure must remove; encrypted ones never show it at all.
    QCOMPARE(plaintextOnDisk, !encrypted);
    const auto rowsMentioning = [this](const QString& needle) {
        QSqlQuery q(m_db);
        q.prepare(u"SELECT (SELECT COUNT(*) FROM referral_events WHERE payload LIKE ?) + "
                  "(SELECT COUNT(*) FROM referrals WHERE case_ref LIKE ?)"_s);
        q.addBindValue(QString(u"%"_s + needle + u"%"_s));
        q.addBindValue(QString(u"%"_s + needle + u"%"_s));
        return q.exec() && q.next() ? q.value(0).toInt() : -1;
    };
    QCOMPARE(rowsMentioning(u"ZEBRA-UNIQUE-NOTE"_s), 6);

    QCOMPARE(m_store->eraseCase(secretCase, &error), 3);
    // Through the cipher too (the encrypted row's real check): nothing left to query.
    QCOMPARE(rowsMentioning(u"ZEBRA-UNIQUE-NOTE"_s), 0);
    QCOMPARE(rowsMentioning(secretCase), 0);
    for (const QString& suffix : {QString(), u"-wal"_s, u"-journal"_s}) {
        const QByteArray bytes = test::readAll(path + suffix);
        QVERIFY2(!bytes.contains("ZEBRA-UNIQUE-NOTE"), qPrintable(suffix));
        QVERIFY2(!bytes.contains(secretCase.toUtf8()), qPrintable(suffix));
    }
    for (const QUuid& id : std::as_const(ids)) {
        const auto r = m_store->referral(id);
        QVERIFY(r);
        QCOMPARE(r->status, S::Erased);
        QCOMPARE(m_store->summary(id)->status, S::Erased);
        QVERIFY(m_store->summary(id)->caseRef.isEmpty());
    }
    QVERIFY(m_store->summary(*other)); // other cases untouched
    // The erasure itself waits in the outbox for sync, carrying nothing about the person.
    int erasedEvents = 0;
    for (const ReferralEvent& e : m_store->outbox())
        if (e.type == E::Erased) {
            ++erasedEvents;
            QVERIFY(e.payload.isEmpty());
        }
    QCOMPARE(erasedEvents, 3);
    QCOMPARE(m_store->eraseCase(u"HT-NONE"_s, &error), 0);
    QCOMPARE(error.code, ReferralError::NotFound);
}

void TestReferralStore::csvExportFullAndMinimised()
{
    ReferralError error;
    ReferralDetails d = details(u"HT-CSV"_s);
    d.recipientId = QUuid();
    d.externalRecipient = u"=HYPERLINK(\"http://evil\")"_s;
    QVERIFY(m_store->create(d, Policy(), &error));
    const auto rows = m_store->summaries();
    QBuffer full;
    full.open(QIODevice::WriteOnly);
    QVERIFY(ReferralCsv::write(&full, rows, false, nullptr));
    QVERIFY(full.data().startsWith("id,case_ref,kind,status,recipient,"));
    QVERIFY(full.data().contains("HT-CSV"));
    QVERIFY(full.data().contains("\"'=HYPERLINK(\"\"http://evil\"\")\"")); // defused, quoted
    QBuffer minimised;
    minimised.open(QIODevice::WriteOnly);
    QVERIFY(ReferralCsv::write(&minimised, rows, true, nullptr));
    QVERIFY(!minimised.data().contains("HT-CSV"));
    QVERIFY(!minimised.data().contains("HYPERLINK"));
    QVERIFY(!minimised.data().contains("case_ref"));
    QCOMPARE(minimised.data().count('\n'), 2);
}

QTEST_GUILESS_MAIN(TestReferralStore)
#include "TestReferralStore.moc"
