#include "common/TemporaryWorkspace.h"
#include "itemmodels/ShortlistModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
Professional expert(const QString& name)
{
    Professional p;
    p.id = QUuid::createUuid();
    p.displayName = name;
    p.professionalTypes = {u"country-expert"_s};
    p.remoteService = true;
    p.updatedAt = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
    return p;
}
} // namespace

class TestShortlistModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void addRemoveAndMoveWithExactSignals();
    void exportIsAuditedWithCountsOnly();
    void emptiedWhenTheWorkspaceCloses();

private:
    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
    std::unique_ptr<ShortlistModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QList<Professional> m_experts;
};

void TestShortlistModel::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>();
    m_model = std::make_unique<ShortlistModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_experts = {expert(u"Ada"_s), expert(u"Ben"_s), expert(u"Cleo"_s)};
    QString error;
    QVERIFY((*m_workspace)->directory().upsert(m_experts, {}, &error));
    m_model->setWorkspace(m_workspace->get());
}

void TestShortlistModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_workspace.reset();
}

void TestShortlistModel::addRemoveAndMoveWithExactSignals()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    for (const Professional& p : std::as_const(m_experts))
        QVERIFY(m_model->add(p.id, u"why "_s + p.displayName));
    QVERIFY(!m_model->add(m_experts.first().id)); // once only
    QVERIFY(!m_model->add(QUuid::createUuid()));  // not in the directory
    QCOMPARE(inserted.size(), 3);
    QCOMPARE(inserted.last().at(1).toInt(), 2);
    QCOMPARE(m_model->index(0).data().toString(), u"Ada — remote"_s);
    QCOMPARE(m_model->index(1).data(ShortlistModel::WhyRole).toString(), u"why Ben"_s);

    QVERIFY(m_model->moveBy(2, -1)); // Cleo up
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.first().at(1).toInt(), 2); // source row
    QCOMPARE(moved.first().at(4).toInt(), 1); // lands before row 1
    QCOMPARE(m_model->index(1).data().toString(), u"Cleo — remote"_s);
    QVERIFY(m_model->moveBy(0, +1)); // Ada down
    QCOMPARE(moved.last().at(4).toInt(), 2);
    QStringList order;
    for (const ShortlistEntry& e : m_model->entries())
        order.append(e.professional.displayName);
    QCOMPARE(order, (QStringList{u"Cleo"_s, u"Ada"_s, u"Ben"_s}));
    QVERIFY(!m_model->moveBy(0, -1));
    QVERIFY(!m_model->moveBy(2, +1));

    QVERIFY(m_model->removeAt(0));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 0);
    QCOMPARE(m_model->index(0).data().toString(), u"Ada — remote"_s);
    QVERIFY(!m_model->removeAt(5));
}

void TestShortlistModel::exportIsAuditedWithCountsOnly()
{
    QVERIFY(m_model->add(m_experts.at(0).id));
    QVERIFY(m_model->add(m_experts.at(1).id));
    QTemporaryDir dir;
    QSaveFile file(dir.filePath(u"shortlist.pdf"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("%PDF-");
    QString error;
    QVERIFY2(m_model->releaseExport(file, u"PDF"_s, &error), qPrintable(error));
    QVERIFY(QFile::exists(dir.filePath(u"shortlist.pdf"_s)));
    const auto entries = (*m_workspace)->audit().entries(1);
    QCOMPARE(entries.first().event, u"export"_s);
    QCOMPARE(entries.first().detail, u"shortlist as PDF: 2 professionals"_s);
}

void TestShortlistModel::emptiedWhenTheWorkspaceCloses()
{
    QVERIFY(m_model->add(m_experts.at(0).id));
    m_workspace->close();
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->add(m_experts.at(1).id));
    QTemporaryDir dir;
    QSaveFile file(dir.filePath(u"shortlist.csv"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("id\n");
    QString error;
    QVERIFY(!m_model->releaseExport(file, u"CSV"_s, &error));
    QVERIFY(!QFile::exists(dir.filePath(u"shortlist.csv"_s)));
}

QTEST_MAIN(TestShortlistModel)
#include "TestShortlistModel.moc"
