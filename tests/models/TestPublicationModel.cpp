// TestPublicationModel: news and resources as sync keeps them in a real encrypted profile,
// under a live QAbstractItemModelTester: newest first, unread until opened, opened state and
// course progress kept across lock and unlock and a re-sync of the same items, a withdrawn item
// gone, search folded for case and diacritics.
#include "common/ManualClock.h"
#include "common/TemporaryWorkspace.h"
#include "itemmodels/PublicationModel.h"
#include "translations/Translations.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
const QUuid kOld(u"00000000-0000-4000-8000-000000000001"_s);
const QUuid kNew(u"00000000-0000-4000-8000-000000000002"_s);
const QUuid kCourse(u"00000000-0000-4000-8000-000000000003"_s);

QByteArray item(const QUuid& id, const QString& title, const QString& at, const QJsonObject& extra = {})
{
    QJsonObject o{{u"id"_s, id.toString(QUuid::WithoutBraces)},
                  {u"title"_s, title},
                  {u"published_at"_s, at},
                  {u"body"_s, u"<p>Body of <b>%1</b></p>"_s.arg(title)}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool apply(ProfileWorkspace& w, SyncJournal::Stream stream, const QList<SyncJournal::Publication>& items, int next)
{
    QString error;
    const bool ok = w.syncJournal().applyPublicationPage(stream, {items, QString::number(next)}, &error);
    if (!ok)
        qWarning("%s", qPrintable(error));
    w.publicationsSynced();
    return ok;
}

QJsonObject course()
{
    QJsonArray lessons;
    for (int i = 1; i <= 4; ++i)
        lessons.append(QJsonObject{{u"id"_s, u"l%1"_s.arg(i)}, {u"title"_s, u"Lesson %1"_s.arg(i)}});
    return {{u"kind"_s, u"course"_s}, {u"url"_s, u"https://htmse.example/c"_s}, {u"lessons"_s, lessons}};
}
} // namespace

class TestPublicationModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { installTranslations(); } // English plurals
    void readUnreadAndProgressSurviveLockAndResync();
    void searchIsFolded();
};

void TestPublicationModel::readUnreadAndProgressSurviveLockAndResync()
{
    test::ManualClock clock;
    test::TemporaryWorkspace profile(clock);
    PublicationModel news(SyncJournal::Stream::News);
    PublicationModel resources(SyncJournal::Stream::Resources);
    QAbstractItemModelTester tester(&news, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester tester2(&resources, QAbstractItemModelTester::FailureReportingMode::QtTest);
    news.setWorkspace(profile.get());
    resources.setWorkspace(profile.get());
    QCOMPARE(news.rowCount(), 0);
    QSignalSpy unread(&news, &PublicationModel::unreadCountChanged);

    QVERIFY(apply(*profile, SyncJournal::Stream::News,
                  {{kOld, 1, item(kOld, u"Older news"_s, u"2026-10-01T10:00:00.000Z"_s)},
                   {kNew, 1, item(kNew, u"Newer news"_s, u"2026-11-01T10:00:00.000Z"_s)}},
                  1));
    QVERIFY(apply(*profile, SyncJournal::Stream::Resources,
                  {{kCourse, 1, item(kCourse, u"A course"_s, u"2026-11-02T10:00:00.000Z"_s, course())}}, 1));
    QCOMPARE(news.rowCount(), 2);
    QCOMPARE(news.index(0, 0).data().toString(), u"Newer news"_s); // newest first
    QCOMPARE(news.unreadCount(), 2);
    QCOMPARE(unread.last().at(0).toInt(), 2);
    QVERIFY(news.index(0, 0).data(PublicationModel::UnreadRole).toBool());
    QCOMPARE(news.index(0, PublicationModel::StateColumn).data().toString(), u"Unread"_s); // words, not only bold

    QVERIFY(news.markOpened(kNew));
    QCOMPARE(news.unreadCount(), 1);
    QVERIFY(!news.index(0, 0).data(PublicationModel::UnreadRole).toBool());
    QCOMPARE(news.index(0, PublicationModel::StateColumn).data().toString(), u"Read"_s);
    QVERIFY(resources.setLessonDone(kCourse, u"l2"_s, true));
    QVERIFY(resources.setLessonDone(kCourse, u"l3"_s, true));
    QCOMPARE(resources.index(0, PublicationModel::StateColumn).data().toString(), u"2 of 4 lessons done"_s);

    // Lock and unlock: the models empty, then show the same state from the profile.
    profile.reopen();
    QCOMPARE(news.rowCount(), 0);
    news.setWorkspace(profile.get());
    resources.setWorkspace(profile.get());
    QCOMPARE(news.unreadCount(), 1);
    QVERIFY(news.isOpened(kNew));
    QCOMPARE(resources.lessonsDone(kCourse), (QSet<QString>{u"l2"_s, u"l3"_s}));

    // The server sends the same items again (an edit): read state and progress stay.
    QVERIFY(apply(*profile, SyncJournal::Stream::News,
                  {{kNew, 2, item(kNew, u"Newer news, corrected"_s, u"2026-11-01T10:00:00.000Z"_s)}}, 2));
    QCOMPARE(news.index(0, 0).data().toString(), u"Newer news, corrected"_s);
    QVERIFY(news.isOpened(kNew));
    // Withdrawn: gone from the list (its read state no longer counts).
    QVERIFY(apply(*profile, SyncJournal::Stream::News, {{kOld, 3, QByteArray()}}, 3));
    QCOMPARE(news.rowCount(), 1);
    QCOMPARE(news.rowOf(kOld), -1);
    QCOMPARE(news.unreadCount(), 0);
    QVERIFY(news.markUnread(kNew));
    QCOMPARE(news.unreadCount(), 1);
}

void TestPublicationModel::searchIsFolded()
{
    test::TemporaryWorkspace profile;
    PublicationModel resources(SyncJournal::Stream::Resources);
    PublicationFilterModel filter;
    filter.setSourceModel(&resources);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    resources.setWorkspace(profile.get());
    const QUuid a = QUuid::createUuid();
    const QUuid b = QUuid::createUuid();
    QJsonObject guide{{u"kind"_s, u"guide"_s}, {u"url"_s, u"https://htmse.example/g"_s}};
    guide.insert(u"summary"_s, u"Réparation et indemnisation"_s);
    QVERIFY(apply(*profile, SyncJournal::Stream::Resources,
                  {{a, 1, item(a, u"Compensation claims"_s, u"2026-11-01T10:00:00.000Z"_s, guide)},
                   {b, 1, item(b, u"Expert witness training"_s, u"2026-11-02T10:00:00.000Z"_s, course())}},
                  1));
    QCOMPARE(filter.rowCount(), 2);
    filter.setSearchText(u"REPARATION"_s); // accents and case folded
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data().toString(), u"Compensation claims"_s);
    filter.setSearchText(u"lesson 3"_s); // lesson titles are searched
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data().toString(), u"Expert witness training"_s);
    filter.setSearchText(u"script"_s); // tags are not words
    QCOMPARE(filter.rowCount(), 0);
    filter.setSearchText(u"body"_s);
    QCOMPARE(filter.rowCount(), 2);
    filter.setSearchText({});
    QCOMPARE(filter.rowCount(), 2);
}

QTEST_GUILESS_MAIN(TestPublicationModel)
#include "TestPublicationModel.moc"
