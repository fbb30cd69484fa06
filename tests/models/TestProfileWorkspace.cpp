#include "common/ManualClock.h"
#include "common/TemporaryWorkspace.h"
#include "demo/DemoDirectoryGenerator.h"
#include "itemmodels/ProfessionalListModel.h"
#include "session/LockController.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QPointer>
#include <QSaveFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace htmse;
using namespace Qt::StringLiterals;
using E = ReferralEventType;

namespace {
ReferralDetails details(const QString& caseRef)
{
    ReferralDetails d;
    d.caseRef = caseRef;
    d.kind = u"victim-support"_s;
    d.needs = {u"legal.immigration"_s};
    d.languages = {u"tir"_s};
    d.recipientId = QUuid::fromString(u"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"_s);
    d.consent = Consent{true, u"legal referral"_s, QDate(2026, 11, 30), u"amina"_s, false, false, {}, {}};
    return d;
}

// More than one chunk of stored records, so the build reads over several turns of the event loop.
constexpr qsizetype kBuildProfiles = 4500;

bool foundByName(ProfileWorkspace& w, const Professional& p)
{
    const auto hits = w.searchIndex().search(p.displayName, 200);
    return std::any_of(hits.cbegin(), hits.cend(), [&](const auto& h) { return h.id == p.id; });
}

// Processes events until the background build reaches `percent` (30: reading done, building).
void waitForIndexPercent(ProfileWorkspace& w, int percent)
{
    QSignalSpy progress(&w, &ProfileWorkspace::indexProgress);
    while (w.indexesPreparing() && w.indexPercent() < percent)
        QVERIFY(progress.wait());
}

QStringList auditEvents(ProfileWorkspace& w)
{
    QStringList out;
    for (const AuditLog::Entry& e : w.audit().entries())
        out.prepend(e.event + (e.detail.isEmpty() ? QString() : u":"_s + e.detail));
    return out;
}
} // namespace

class TestProfileWorkspace : public QObject
{
    Q_OBJECT

private slots:
    void afterUnlockWorkRunsOnce();
    void indexesAreBuiltOnceWhenFirstNeeded();
    void backgroundBuildGivesTheSameIndexes_data();
    void backgroundBuildGivesTheSameIndexes();
    void lockDuringTheBuildCancelsIt_data();
    void lockDuringTheBuildCancelsIt();
    void syncDuringTheBuildIsNotLost_data();
    void syncDuringTheBuildIsNotLost();
    void closeTellsFirstThenClosesAndWipes();
    void lockControllerDestroysTheWorkspace();
    void nothingIsReleasedUnaudited();
    void anAlteredAuditLogIsReportedAtUnlock();
};

// Unlock runs the retention purge and counts the overdue follow-ups, once, with the policy in force.
void TestProfileWorkspace::afterUnlockWorkRunsOnce()
{
    test::ManualClock clock;
    Policy policy;
    policy.retentionMonths = 6;
    test::TemporaryWorkspace w(clock, policy);
    QCOMPARE(w->unlockSummary().purged, 0);
    QCOMPARE(w->unlockSummary().overdue, 0);
    QVERIFY(w->unlockSummary().warnings.isEmpty());
    ReferralError error;
    const auto closed = w->createReferral(details(u"HT-OLD"_s), &error);
    QVERIFY2(closed, qPrintable(error.message));
    QVERIFY(w->addReferralEvent(*closed, E::Revoked, {}, &error));
    const auto open = w->createReferral(details(u"HT-OPEN"_s), &error);
    QVERIFY(w->addReferralEvent(*open, E::FollowUpSet, {{u"due"_s, u"2026-12-15"_s}}, &error));
    // The server has everything (as after a sync): nothing pending holds the closed one back.
    QVERIFY(QSqlQuery(w->session().database()).exec(u"UPDATE referral_events SET pending = 0"_s));

    clock.advance(7LL * 31 * 24 * 3600); // seven months on
    w.reopen();
    QCOMPARE(w->unlockSummary().purged, 1);
    QCOMPARE(w->unlockSummary().overdue, 1);
    QVERIFY(!w->referrals().summary(*closed));
    QVERIFY(w->referrals().summary(*open));
    QCOMPARE(auditEvents(*w).filter(u"retention-purge"_s),
             QStringList{u"retention-purge:closed referrals removed: 1"_s});
    // The next unlock finds nothing more to purge.
    w.reopen();
    QCOMPARE(w->unlockSummary().purged, 0);
    QCOMPARE(auditEvents(*w).filter(u"retention-purge"_s).size(), 1);
}

void TestProfileWorkspace::indexesAreBuiltOnceWhenFirstNeeded()
{
    test::TemporaryWorkspace w;
    const auto d = DemoDirectoryGenerator(120, 4).generate();
    QString error;
    QVERIFY(w->directory().upsert(d.professionals, d.organisations, &error));
    w.reopen();
    QVERIFY(!w->indexesLoaded()); // unlock itself does not pay for them
    QCOMPARE(w->matchEngine().size(), qsizetype(120));
    QVERIFY(w->indexesLoaded());
    QCOMPARE(w->searchIndex().size(), qsizetype(120));
    // Found by name through the index the workspace built.
    const auto hits = w->searchIndex().search(d.professionals.at(17).displayName, 200);
    QVERIFY(std::any_of(hits.cbegin(), hits.cend(), [&](const auto& h) { return h.id == d.professionals.at(17).id; }));
    // Built once: a write the workspace was not told about does not rebuild them...
    const auto more = DemoDirectoryGenerator(5, 9).generate();
    QVERIFY(w->directory().upsert(more.professionals, {}, &error));
    QCOMPARE(w->matchEngine().size(), qsizetype(120));
    // ...being told does, when they are next needed.
    QSignalSpy changed(w.get(), &ProfileWorkspace::directoryChanged);
    w->directoryReplaced();
    QCOMPARE(changed.size(), 1);
    QVERIFY(!w->indexesLoaded());
    QCOMPARE(w->searchIndex().size(), qsizetype(125));
    QCOMPARE(w->matchEngine().size(), qsizetype(125));
}

void TestProfileWorkspace::backgroundBuildGivesTheSameIndexes_data()
{
    QTest::addColumn<qsizetype>("profiles");
    QTest::newRow("a part chunk last") << kBuildProfiles;
    QTest::newRow("whole chunks only") << qsizetype(4000); // the read ends on an empty chunk
}

void TestProfileWorkspace::backgroundBuildGivesTheSameIndexes()
{
    QFETCH(qsizetype, profiles);
    test::TemporaryWorkspace w;
    const auto d = DemoDirectoryGenerator(profiles, 4).generate();
    QString error;
    QVERIFY(w->directory().upsert(d.professionals, d.organisations, &error));
    w.reopen();
    QSignalSpy ready(w.get(), &ProfileWorkspace::indexesReady);
    QSignalSpy progress(w.get(), &ProfileWorkspace::indexProgress);
    w->prepareIndexes();
    // Nothing is built before the event loop runs: the indexes are empty and said to be preparing,
    // and asking for them does not build them here.
    QVERIFY(w->indexesPreparing());
    QCOMPARE(w->matchEngine().size(), qsizetype(0));
    QCOMPARE(w->searchIndex().size(), qsizetype(0));
    QVERIFY(w->indexesPreparing());
    QVERIFY(ready.wait());
    QCOMPARE(ready.size(), 1);
    QVERIFY(w->indexesLoaded());
    QVERIFY(!w->indexesPreparing());
    QCOMPARE(w->matchEngine().size(), profiles);
    QCOMPARE(w->searchIndex().size(), profiles);
    QVERIFY(foundByName(*w, d.professionals.at(17)));
    QVERIFY(foundByName(*w, d.professionals.at(3999)));
    // Progress only goes up, through reading and building, and ends at 100.
    QVERIFY(progress.size() >= 3);
    for (qsizetype i = 1; i < progress.size(); ++i)
        QVERIFY(progress.at(i).at(0).toInt() > progress.at(i - 1).at(0).toInt());
    QCOMPARE(progress.constLast().at(0).toInt(), 100);
    // The same matches as the indexes built here from the same store.
    MatchEngine engine;
    SearchIndex search;
    ProfileWorkspace::buildIndexes(w->directory(), &engine, &search);
    MatchQuery q;
    q.needs = {{u"legal.immigration"_s, true}};
    const auto expected = engine.match(q);
    const auto got = w->matchEngine().match(q);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(got.size(), expected.size());
    for (qsizetype i = 0; i < got.size(); ++i)
        QCOMPARE(got.at(i).id, expected.at(i).id);
}

void TestProfileWorkspace::lockDuringTheBuildCancelsIt_data()
{
    QTest::addColumn<int>("percent");
    QTest::addColumn<bool>("destroy");
    QTest::newRow("before reading, locked") << 0 << false;
    QTest::newRow("while reading, locked") << 1 << false;
    QTest::newRow("while building, locked") << 30 << false;
    QTest::newRow("while building, workspace destroyed") << 30 << true;
}

void TestProfileWorkspace::lockDuringTheBuildCancelsIt()
{
    QFETCH(int, percent);
    QFETCH(bool, destroy);
    test::TemporaryWorkspace w;
    const auto d = DemoDirectoryGenerator(kBuildProfiles, 5).generate();
    QString error;
    QVERIFY(w->directory().upsert(d.professionals, d.organisations, &error));
    w.reopen();
    QSignalSpy ready(w.get(), &ProfileWorkspace::indexesReady);
    w->prepareIndexes();
    waitForIndexPercent(*w, percent);
    QVERIFY(w->indexesPreparing());
    QPointer<ProfileWorkspace> workspace = w.get();
    if (destroy)
        w.close();
    else
        w->close(u"manual"_s);
    // The worker, if it started, ends on its own data; nothing of the workspace is touched.
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(ready.size(), 0);
    QCOMPARE(workspace.isNull(), destroy);
    if (!destroy) {
        QVERIFY(!w->isOpen());
        QVERIFY(!w->indexesPreparing());
        QCOMPARE(w->matchEngine().size(), qsizetype(0)); // a locked workspace builds nothing
    }
    // The profile opens again and builds as ever.
    w.reopen();
    w->prepareIndexes();
    QSignalSpy again(w.get(), &ProfileWorkspace::indexesReady);
    QVERIFY(again.wait());
    QCOMPARE(w->matchEngine().size(), kBuildProfiles);
}

void TestProfileWorkspace::syncDuringTheBuildIsNotLost_data()
{
    QTest::addColumn<int>("percent");
    QTest::newRow("before reading") << 0;
    QTest::newRow("while reading") << 1;
    QTest::newRow("while building") << 30;
}

void TestProfileWorkspace::syncDuringTheBuildIsNotLost()
{
    QFETCH(int, percent);
    test::TemporaryWorkspace w;
    const auto d = DemoDirectoryGenerator(kBuildProfiles, 6).generate();
    QString error;
    QVERIFY(w->directory().upsert(d.professionals, d.organisations, &error));
    w.reopen();
    QSignalSpy ready(w.get(), &ProfileWorkspace::indexesReady);
    w->prepareIndexes();
    waitForIndexPercent(*w, percent);
    QVERIFY(w->indexesPreparing());
    // A page of changes as sync commits it: three new profiles, one removed.
    const auto more = DemoDirectoryGenerator(3, 99).generate();
    const Professional& gone = d.professionals.at(10);
    QSqlDatabase db = w->session().database();
    QVERIFY(db.transaction());
    QVERIFY2(w->directory().applyChanges(more.professionals, more.organisations, {gone.id}, {}, &error),
             qPrintable(error));
    QVERIFY(db.commit());
    w->directorySynced(more.professionals, {gone.id});
    QVERIFY(ready.wait());
    QCOMPARE(w->matchEngine().size(), kBuildProfiles + 3 - 1);
    for (const Professional& p : more.professionals)
        QVERIFY(foundByName(*w, p));
    QVERIFY(!foundByName(*w, gone));
    QCOMPARE(w->searchIndex().size(), kBuildProfiles + 3 - 1);
}

void TestProfileWorkspace::closeTellsFirstThenClosesAndWipes()
{
    test::TemporaryWorkspace w;
    bool openWhenTold = false;
    QString reasonTold;
    QObject::connect(w.get(), &ProfileWorkspace::closing, w.get(), [&](const QString& reason) {
        openWhenTold = w->session().database().isOpen() && w->directory().stats().professionals == 0;
        reasonTold = reason;
    });
    const QString connection = w->session().database().connectionName();
    QVERIFY(!w->session().key().isEmpty());
    w->close(u"inactivity"_s);
    QVERIFY(openWhenTold);
    QCOMPARE(reasonTold, u"inactivity"_s);
    QVERIFY(!w->isOpen());
    QVERIFY(w->session().key().isEmpty());
    QVERIFY(!QSqlDatabase::contains(connection));
    w->close(u"again"_s); // a second close is a no-op
    w.reopen();
    const QStringList events = auditEvents(*w);
    QVERIFY(events.contains(u"lock:inactivity"_s));
    QVERIFY(!events.contains(u"lock:again"_s));
}

void TestProfileWorkspace::lockControllerDestroysTheWorkspace()
{
    test::TemporaryWorkspace w;
    QPointer<ProfileWorkspace> watched = w.get();
    LockController controller;
    ProfessionalListModel shown;
    QAbstractItemModelTester tester(&shown, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Professional p;
    p.id = QUuid::createUuid();
    p.displayName = u"Someone"_s;
    shown.setProfessionals({p});
    bool workspaceAliveWhenCleared = false;
    controller.addClearer(&shown, [&] {
        workspaceAliveWhenCleared = watched && watched->isOpen();
        shown.clear();
    });
    QSignalSpy unlocked(&controller, &LockController::unlocked);
    QSignalSpy locked(&controller, &LockController::locked);
    controller.setWorkspace(w.take());
    QCOMPARE(unlocked.size(), 1);
    QCOMPARE(controller.workspace(), watched.data());
    controller.lock(u"manual"_s);
    QCOMPARE(locked.size(), 1);
    QVERIFY(workspaceAliveWhenCleared);
    QCOMPARE(shown.rowCount(), 0);
    QVERIFY(controller.isLocked());
    QVERIFY(!watched); // destroyed, with everything it owned
}

// An export is released only once its audit entry is written: when the entry cannot be written
// (here a trigger refuses it, as a full disk or a broken database would), no file appears.
void TestProfileWorkspace::nothingIsReleasedUnaudited()
{
    test::TemporaryWorkspace w;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"export.csv"_s);
    const auto exportOnce = [&](QString* error) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        file.write("id,status\n");
        return w->releaseAudited(file, u"export"_s, u"test export"_s, error);
    };
    QString error;
    QVERIFY2(exportOnce(&error), qPrintable(error));
    QVERIFY(QFile::exists(path));
    QCOMPARE(auditEvents(*w).filter(u"export"_s), QStringList{u"export:test export"_s});
    QVERIFY(QFile::remove(path));

    QSqlQuery q(w->session().database());
    QVERIFY(q.exec(u"CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON audit_log "
                   "BEGIN SELECT RAISE(ABORT, 'disk full'); END"_s));
    QVERIFY(!exportOnce(&error));
    QVERIFY2(error.contains(u"audit log could not be written"_s), qPrintable(error));
    QVERIFY(!QFile::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList()); // no temporary file left
    QVERIFY(q.exec(u"DROP TRIGGER refuse_audit"_s));
    QCOMPARE(auditEvents(*w).filter(u"export"_s).size(), 1);
}

// The audit chain is verified at every unlock: an entry cut from its end is reported in the
// unlock summary's warnings, and the profile still opens.
void TestProfileWorkspace::anAlteredAuditLogIsReportedAtUnlock()
{
    test::TemporaryWorkspace w;
    QVERIFY(w->unlockSummary().auditIntact);
    QVERIFY(w->audit().append(u"export"_s, u"something worth hiding"_s));
    QVERIFY(w->audit().append(u"print"_s, u"a letter"_s));
    QVERIFY(QSqlQuery(w->session().database())
                .exec(u"DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log WHERE event = 'print')"_s));
    w.reopen();
    QVERIFY(w->isOpen());
    QVERIFY(!w->unlockSummary().auditIntact);
    QCOMPARE(w->unlockSummary().warnings.filter(u"audit log of this profile has been altered"_s).size(), 1);
}

QTEST_GUILESS_MAIN(TestProfileWorkspace)
#include "TestProfileWorkspace.moc"
