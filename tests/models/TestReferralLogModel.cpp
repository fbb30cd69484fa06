#include "common/ManualClock.h"
#include "common/TemporaryWorkspace.h"
#include "itemmodels/ReferralLogModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;
using E = ReferralEventType;
using S = ReferralStatus;

namespace {
const QUuid kLawyer = QUuid::fromString(u"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"_s);

ReferralDetails details(const QString& caseRef, const QString& kind = u"victim-support"_s)
{
    ReferralDetails d;
    d.caseRef = caseRef;
    d.kind = kind;
    d.needs = {u"legal.immigration"_s};
    d.languages = {u"tir"_s};
    d.recipientId = kLawyer;
    d.consent = Consent{true, u"legal referral"_s, QDate(2026, 11, 30), u"amina"_s, false, false, {}, {}};
    return d;
}

// The rows' case references, top to bottom.
QStringList cases(const ReferralLogModel& model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.index(row, ReferralLogModel::CaseColumn).data().toString());
    return out;
}
} // namespace

class TestReferralLogModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void filtersAndSorts();
    void followsTheWorkspace();
    void erasureAndLockEmptyIt();

private:
    test::ManualClock m_clock{QDateTime(QDate(2026, 11, 30), QTime(9, 0), Qt::UTC)};
    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
    std::unique_ptr<ReferralLogModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QList<QUuid> m_ids;
};

void TestReferralLogModel::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>(m_clock);
    m_model = std::make_unique<ReferralLogModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_ids.clear();
    ReferralError error;
    for (int i = 0; i < 6; ++i) {
        const auto id =
            (*m_workspace)
                ->createReferral(details(u"HT-M%1"_s.arg(i), i % 2 ? u"expert-report"_s : u"victim-support"_s), &error);
        QVERIFY2(id, qPrintable(error.message));
        m_ids.append(*id);
        m_clock.advance(3600);
    }
    QVERIFY((*m_workspace)->addReferralEvent(m_ids[0], E::FollowUpSet, {{u"due"_s, u"2026-11-01"_s}}, &error));
}

void TestReferralLogModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_workspace.reset();
}

void TestReferralLogModel::filtersAndSorts()
{
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setWorkspace(m_workspace->get());
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 6);
    QCOMPARE(m_model->columnCount(), int(ReferralLogModel::ColumnCount));
    // Most recently updated first: the follow-up moved HT-M0 to the top.
    QCOMPARE(cases(*m_model), (QStringList{u"HT-M0"_s, u"HT-M5"_s, u"HT-M4"_s, u"HT-M3"_s, u"HT-M2"_s, u"HT-M1"_s}));

    ReferralLogModel::Filter f;
    f.kind = u"expert-report"_s;
    m_model->setFilter(f);
    QCOMPARE(cases(*m_model), (QStringList{u"HT-M5"_s, u"HT-M3"_s, u"HT-M1"_s}));
    f = {};
    f.overdueOnly = true; // "today" is the workspace clock's: 30 November, after the 1 November due date
    m_model->setFilter(f);
    QCOMPARE(cases(*m_model), QStringList{u"HT-M0"_s});
    QVERIFY(m_model->index(0, 0).data(ReferralLogModel::OverdueRole).toBool());
    QCOMPARE(m_model->index(0, 0).data(ReferralLogModel::FollowUpRole).toDate(), QDate(2026, 11, 1));
    f = {};
    f.statuses = {S::Sent};
    m_model->setFilter(f);
    QCOMPARE(m_model->rowCount(), 0);
    f = {};
    f.from = QDate(2026, 11, 30);
    f.to = QDate(2026, 11, 30);
    m_model->setFilter(f);
    QCOMPARE(m_model->rowCount(), 6);
    f.from = QDate(2026, 12, 1);
    f.to = {};
    m_model->setFilter(f);
    QCOMPARE(m_model->rowCount(), 0);

    m_model->setFilter({});
    m_model->sort(ReferralLogModel::CaseColumn, Qt::AscendingOrder);
    QCOMPARE(cases(*m_model), (QStringList{u"HT-M0"_s, u"HT-M1"_s, u"HT-M2"_s, u"HT-M3"_s, u"HT-M4"_s, u"HT-M5"_s}));
    m_model->sort(ReferralLogModel::CaseColumn, Qt::DescendingOrder);
    QCOMPARE(cases(*m_model).first(), u"HT-M5"_s);
    QCOMPARE(m_model->index(0, ReferralLogModel::StatusColumn).data(ReferralLogModel::StatusRole).toString(),
             u"created"_s);
}

// Events recorded through the workspace reach the model on their own, as exact row moves.
void TestReferralLogModel::followsTheWorkspace()
{
    m_model->setWorkspace(m_workspace->get());
    ReferralLogModel::Filter f;
    f.statuses = {S::Sent};
    m_model->setFilter(f);
    QCOMPARE(m_model->rowCount(), 0);

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    ReferralError error;
    m_clock.advance(60);
    QCOMPARE((*m_workspace)->addReferralEvent(m_ids[3], E::Sent, {}, &error), std::optional(S::Sent));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(cases(*m_model), QStringList{u"HT-M3"_s});
    // Accepted: it leaves the "sent" filter, exactly one row removed.
    QVERIFY((*m_workspace)->addReferralEvent(m_ids[3], E::Accepted, {}, &error));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);

    // A new referral appears at the top of the unfiltered log, one row inserted there.
    m_model->setFilter({});
    inserted.clear();
    m_clock.advance(60);
    QVERIFY((*m_workspace)->createReferral(details(u"HT-NEW"_s), &error));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(cases(*m_model).first(), u"HT-NEW"_s);
    QCOMPARE(m_model->totalCount(), 7);
    // A refused event changes nothing and moves no row.
    inserted.clear();
    removed.clear();
    QVERIFY(!(*m_workspace)->addReferralEvent(m_ids[3], E::Sent, {}, &error));
    QCOMPARE(error.code, ReferralError::Refused);
    QCOMPARE(inserted.size() + removed.size(), 0);
}

void TestReferralLogModel::erasureAndLockEmptyIt()
{
    m_model->setWorkspace(m_workspace->get());
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    ReferralError error;
    QCOMPARE((*m_workspace)->eraseCase(u"HT-M2"_s, &error), 1);
    QCOMPARE(reset.size(), 1);
    // The row stays, saying only that something was erased: no case reference, no recipient.
    QCOMPARE(m_model->rowCount(), 6);
    QVERIFY(!cases(*m_model).contains(u"HT-M2"_s));
    int erased = 0;
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (m_model->index(row, 0).data(ReferralLogModel::StatusRole).toString() == "erased"_L1) {
            ++erased;
            QVERIFY(m_model->index(row, 0).data(ReferralLogModel::CaseRole).toString().isEmpty());
            QVERIFY(m_model->index(row, 0).data(ReferralLogModel::NeedsRole).toStringList().isEmpty());
        }
    QCOMPARE(erased, 1);
    // Locking: the model lets go of everything before the database closes.
    (*m_workspace)->close(u"manual"_s);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->totalCount(), 0);
    m_workspace->close();
    QCOMPARE(m_model->rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestReferralLogModel)
#include "TestReferralLogModel.moc"
