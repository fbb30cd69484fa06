#include "common/TemporaryWorkspace.h"
#include "itemmodels/MatchResultsModel.h"
#include "translations/Translations.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
Professional lawyer(const QString& name, const QString& city, const GeoPoint& point)
{
    Professional p;
    p.id = QUuid::createUuid();
    p.displayName = name;
    p.professionalTypes = {u"lawyer"_s};
    p.services = {u"legal.immigration"_s};
    p.languages = {{u"tir"_s, u"native"_s, {}}};
    ServiceLocation l;
    l.city = city;
    l.country = u"GB"_s;
    l.point = point;
    p.locations = {l};
    p.interpreterAvailable = true; // can work with an interpreter of their own
    p.updatedAt = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
    return p;
}

MatchQuery immigrationInTigrinya(double radiusKm)
{
    MatchQuery q;
    q.needs = {{u"legal.immigration"_s, true}};
    q.languages = {u"tir"_s};
    q.near = GeoPoint(53.80, -1.55); // Leeds
    q.radiusKm = radiusKm;
    q.limit = 10;
    return q;
}
} // namespace

class TestMatchResultsModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { installTranslations(); }
    void init();
    void cleanup();
    void holdsTheTopResultsWithTheirWhy();
    void relaxationsWhenTheResultsFallShort();
    void badQueriesChangeNothing();
    void followsTheDirectoryAndEmptiesOnLock();

private:
    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
    std::unique_ptr<MatchResultsModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestMatchResultsModel::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>();
    m_model = std::make_unique<MatchResultsModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString error;
    QVERIFY((*m_workspace)
                ->directory()
                .upsert({lawyer(u"Near"_s, u"Leeds"_s, GeoPoint(53.80, -1.55)),
                         lawyer(u"Also near"_s, u"Leeds"_s, GeoPoint(53.80, -1.55)),
                         lawyer(u"Far"_s, u"London"_s, GeoPoint(51.51, -0.13))},
                        {}, &error));
    m_model->setWorkspace(m_workspace->get());
}

void TestMatchResultsModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_workspace.reset();
}

void TestMatchResultsModel::holdsTheTopResultsWithTheirWhy()
{
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QVERIFY(m_model->setQuery(immigrationInTigrinya(100)));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 2); // London is 270 km away
    const QModelIndex first = m_model->index(0, 0);
    QCOMPARE(first.data(MatchResultsModel::NameRole).toString(), u"Also near"_s); // a tie: by name
    QCOMPARE(first.data(Qt::DisplayRole).toString(), u"Also near"_s);
    QVERIFY(first.data(MatchResultsModel::ExplanationRole).toString().contains(u"speaks Tigrinya"_s));
    QVERIFY(first.data(MatchResultsModel::ScoreRole).toDouble() > 50);
    QCOMPARE(first.data(MatchResultsModel::PartsRole).toMap().value(u"language"_s).toDouble(), 1.0);
    QVERIFY(first.data(MatchResultsModel::DistanceKmRole).toDouble() < 1.0);
    QCOMPARE(first.data(MatchResultsModel::CoveredNeedsRole).toStringList(), QStringList{u"legal.immigration"_s});
    // 2 of 10: a wider radius would find London.
    QCOMPARE(m_model->relaxations().size(), 1);
    QCOMPARE(m_model->relaxations().first().count, 1);
    QVERIFY(m_model->relaxations().first().description.contains(u"within 400 km"_s));
    QVERIFY(m_model->resultAt(1));
    QVERIFY(!m_model->resultAt(2));
}

void TestMatchResultsModel::relaxationsWhenTheResultsFallShort()
{
    MatchQuery q = immigrationInTigrinya(100);
    q.limit = 2;
    QVERIFY(m_model->setQuery(q));
    QCOMPARE(m_model->rowCount(), 2);
    QVERIFY(m_model->relaxations().isEmpty()); // the page is full: nothing to suggest
    q.languages = {u"vie"_s};
    QVERIFY(m_model->setQuery(q));
    QCOMPARE(m_model->rowCount(), 0);
    bool interpreter = false;
    for (const Relaxation& r : m_model->relaxations())
        interpreter = interpreter || r.description.contains(u"interpreter"_s);
    QVERIFY(interpreter);
}

void TestMatchResultsModel::badQueriesChangeNothing()
{
    QVERIFY(m_model->setQuery(immigrationInTigrinya(100)));
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    MatchQuery bad = immigrationInTigrinya(100);
    bad.needs = {{u"no-such-need"_s, true}};
    QStringList problems;
    QVERIFY(!m_model->setQuery(bad, &problems));
    QVERIFY(!problems.isEmpty());
    QCOMPARE(reset.size(), 0);
    QCOMPARE(m_model->rowCount(), 2);
}

void TestMatchResultsModel::followsTheDirectoryAndEmptiesOnLock()
{
    QVERIFY(m_model->setQuery(immigrationInTigrinya(100)));
    QString error;
    QVERIFY(
        (*m_workspace)->directory().upsert({lawyer(u"Newcomer"_s, u"Leeds"_s, GeoPoint(53.80, -1.55))}, {}, &error));
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    (*m_workspace)->directoryReplaced();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 3); // the same query, run again on the changed directory
    (*m_workspace)->close(u"manual"_s);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->relaxations().isEmpty());
    QVERIFY(!m_model->setQuery(immigrationInTigrinya(100)));
}

QTEST_GUILESS_MAIN(TestMatchResultsModel)
#include "TestMatchResultsModel.moc"
