#include "itemmodels/ProfessionalListModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
Professional professional(const QString& name, const QString& city = QString())
{
    Professional p;
    p.id = QUuid::createUuid();
    p.displayName = name;
    p.professionalTypes = {u"lawyer"_s};
    p.services = {u"legal.immigration"_s};
    p.languages = {{u"tir"_s, {}, {}}, {u"eng"_s, {}, {}}};
    if (city.isEmpty()) {
        p.remoteService = true;
    } else {
        ServiceLocation l;
        l.city = city;
        l.country = u"GB"_s;
        p.locations = {l};
    }
    return p;
}
} // namespace

class TestProfessionalListModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void rolesAndColumns();
    void upsertInsertsThenUpdates();
    void removeKeepsIndexConsistent();
    void clearEmptiesEverything();

private:
    ProfessionalListModel* m_model = nullptr;
    QAbstractItemModelTester* m_tester = nullptr;
};

void TestProfessionalListModel::init()
{
    m_model = new ProfessionalListModel(this);
    // Alive for the whole test: every change below is checked as it happens.
    m_tester = new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
}

void TestProfessionalListModel::cleanup()
{
    delete m_tester;
    delete m_model;
}

void TestProfessionalListModel::rolesAndColumns()
{
    m_model->setProfessionals({professional(u"Amina Yusuf"_s, u"Leeds"_s), professional(u"Tran Van Minh"_s)});
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->columnCount(), int(ProfessionalListModel::ColumnCount));
    const QModelIndex first = m_model->index(0, ProfessionalListModel::NameColumn);
    QCOMPARE(first.data().toString(), u"Amina Yusuf"_s);
    QCOMPARE(m_model->index(0, ProfessionalListModel::PlaceColumn).data().toString(), u"Leeds, United Kingdom"_s);
    QCOMPARE(m_model->index(1, ProfessionalListModel::PlaceColumn).data().toString(), u"Remote"_s);
    QCOMPARE(m_model->index(0, ProfessionalListModel::LanguagesColumn).data().toString(), u"Tigrinya, English"_s);
    QCOMPARE(first.data(ProfessionalListModel::LanguagesRole).toStringList(), QStringList({u"tir"_s, u"eng"_s}));
    QCOMPARE(first.data(ProfessionalListModel::TypesTextRole).toString(), u"Lawyer"_s);
    QCOMPARE(first.data(ProfessionalListModel::ProfessionalRole).value<Professional>().displayName, u"Amina Yusuf"_s);
    QVERIFY(m_model->roleNames().contains(ProfessionalListModel::PlaceRole));
    QCOMPARE(m_model->headerData(ProfessionalListModel::NameColumn, Qt::Horizontal).toString(), u"Name"_s);
}

void TestProfessionalListModel::upsertInsertsThenUpdates()
{
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    Professional p = professional(u"Selam"_s);
    m_model->upsert(p);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 0);
    p.displayName = u"Selam Tesfaye"_s;
    m_model->upsert(p);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0, 0).data().toString(), u"Selam Tesfaye"_s);
}

void TestProfessionalListModel::removeKeepsIndexConsistent()
{
    const Professional a = professional(u"A"_s);
    const Professional b = professional(u"B"_s);
    const Professional c = professional(u"C"_s);
    m_model->setProfessionals({a, b, c});
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    QVERIFY(m_model->remove(b.id));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QCOMPARE(m_model->rowOf(c.id), 1);
    QCOMPARE(m_model->rowOf(b.id), -1);
    QVERIFY(!m_model->remove(b.id));
    QCOMPARE(m_model->professionalAt(1)->displayName, u"C"_s);
    QVERIFY(!m_model->professionalAt(2));
}

void TestProfessionalListModel::clearEmptiesEverything()
{
    m_model->setProfessionals({professional(u"A"_s), professional(u"B"_s)});
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    m_model->clear();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    m_model->clear(); // already empty: no signal
    QCOMPARE(reset.size(), 1);
}

QTEST_GUILESS_MAIN(TestProfessionalListModel)
#include "TestProfessionalListModel.moc"
