#include "common/TemporaryWorkspace.h"
#include "demo/DemoDirectoryGenerator.h"
#include "itemmodels/DirectoryModel.h"
#include "taxonomy/TextFolding.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestDirectoryModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void fetchesLazilyInPages();
    void startsOverWhenTheDirectoryChanges();
    void emptiesWhenTheWorkspaceCloses();

private:
    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
    std::unique_ptr<DirectoryModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestDirectoryModel::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>();
    // The tester watches the model for the whole test, from before it holds anything.
    m_model = std::make_unique<DirectoryModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto d = DemoDirectoryGenerator(450, 6).generate();
    QString error;
    QVERIFY2((*m_workspace)->directory().upsert(d.professionals, d.organisations, &error), qPrintable(error));
}

void TestDirectoryModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_workspace.reset();
}

void TestDirectoryModel::fetchesLazilyInPages()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setWorkspace(m_workspace->get());
    QCOMPARE(reset.size(), 1); // views learn that there is something to fetch
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->canFetchMore({}));
    while (m_model->canFetchMore({})) {
        const int before = m_model->rowCount();
        m_model->fetchMore({});
        QVERIFY(m_model->rowCount() > before);
    }
    QCOMPARE(m_model->rowCount(), 450);
    QCOMPARE(inserted.size(), 3);
    for (const QList<QVariant>& args : std::as_const(inserted)) {
        QCOMPARE(args.at(1).toInt() % DirectoryModel::kPageSize, 0);
        QVERIFY(args.at(2).toInt() - args.at(1).toInt() < DirectoryModel::kPageSize);
    }
    QStringList names;
    for (int row = 0; row < m_model->rowCount(); ++row)
        names.append(foldForSearch(m_model->index(row, 0).data().toString()));
    QVERIFY(std::is_sorted(names.cbegin(), names.cend()));
}

void TestDirectoryModel::startsOverWhenTheDirectoryChanges()
{
    m_model->setWorkspace(m_workspace->get());
    while (m_model->canFetchMore({}))
        m_model->fetchMore({});
    QCOMPARE(m_model->rowCount(), 450);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    const auto more = DemoDirectoryGenerator(30, 77).generate();
    QString error;
    QVERIFY((*m_workspace)->directory().upsert(more.professionals, more.organisations, &error));
    (*m_workspace)->directoryReplaced();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    while (m_model->canFetchMore({}))
        m_model->fetchMore({});
    QCOMPARE(m_model->rowCount(), 480);
}

void TestDirectoryModel::emptiesWhenTheWorkspaceCloses()
{
    m_model->setWorkspace(m_workspace->get());
    m_model->fetchMore({});
    QCOMPARE(m_model->rowCount(), DirectoryModel::kPageSize);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    (*m_workspace)->close(u"manual"_s);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->canFetchMore({}));
    m_workspace->close(); // destroyed: the model holds nothing of it
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->canFetchMore({}));
}

QTEST_GUILESS_MAIN(TestDirectoryModel)
#include "TestDirectoryModel.moc"
