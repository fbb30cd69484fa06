// TestMyListingPage: My listing against a real htmse-server on loopback, driven through the
// widgets. A professional signs in and finds their listing filled in; a bad place is marked
// beside the field by the domain's validators and Submit is refused (nothing reaches the
// server); an edit is submitted, a directory editor approves it, and "Check review state" and
// the next sync show it approved; a second edit is rejected with a reason and the page shows
// the reason. A caseworker's account is told why the place is empty. Every interactive widget
// has an accessible name.
#include "common/ReferralScreens.h"
#include "domain/Professional.h"
#include "storage/DirectoryStore.h"
#include "sync/SyncServerFixture.h"
#include "translations/Translations.h"
#include "views/SignedInDevice.h"
#include "views/listing/MyListingPage.h"

#include <QApplication>
#include <QCheckBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestMyListingPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void theListingIsFilledIn();
    void aBadPlaceIsMarkedAndSubmitRefused();
    void anApprovedEditComesBack();
    void aRejectedEditComesBackWithTheReason();
    void aCaseworkerIsToldWhyItIsEmpty();
    void cleanupTestCase();

private:
    QStringList pendingEdits();
    QLabel* label(const QString& name) const { return m_pro->find<QLabel>(name); }
    void submitAndWaitPending();

    test::SyncServerFixture m_fixture;
    std::unique_ptr<test::SignedInDevice> m_pro;
    QByteArray m_editorToken;
};

void TestMyListingPage::initTestCase()
{
    installTranslations();
    HTMSE_SET_UP_SYNC_FIXTURE(m_fixture, 20);
    QVERIFY(m_fixture.createUser(u"Practitioners"_s, u"editor"_s, u"directory-editor"_s));
    m_editorToken = m_fixture.api().signIn(u"editor"_s, QLatin1StringView(test::SyncServerFixture::kPassword));
    QVERIFY(!m_editorToken.isEmpty());
}

void TestMyListingPage::cleanupTestCase()
{
    m_pro.reset();
}

// The ids of the edits waiting for an editor, as the server lists them.
QStringList TestMyListingPage::pendingEdits()
{
    QStringList out;
    for (const QJsonValue& v : m_fixture.api().all(u"/api/v1/profile-edits"_s, m_editorToken, 100))
        out.append(v[u"id"_s].toString());
    return out;
}

void TestMyListingPage::theListingIsFilledIn()
{
    m_pro = std::make_unique<test::SignedInDevice>();
    QVERIFY(m_pro->unlock());
    QVERIFY(m_pro->showPlace(MainWindow::Place::MyListing));
    QVERIFY(label(u"listingSummary"_s)->text().contains(u"Unlock"_s) ||
            label(u"listingSummary"_s)->text().contains(u"Sign in"_s));
    QVERIFY(!m_pro->find<QPushButton>(u"listingSubmit"_s)->isEnabled());
    QVERIFY(m_pro->signIn(m_fixture.url(), u"pro"_s, QLatin1StringView(test::SyncServerFixture::kPassword)));
    QVERIFY(m_pro->showPlace(MainWindow::Place::MyListing));
    QCOMPARE(m_pro->window.syncController()->role(), u"professional"_s);

    const auto mine = m_pro->window.workspace()->directory().professional(QUuid(m_fixture.professionalIds().first()));
    QVERIFY(mine);
    QVERIFY2(label(u"listingSummary"_s)->text().contains(mine->displayName),
             qPrintable(label(u"listingSummary"_s)->text()));
    QVERIFY(m_pro->find<QPushButton>(u"listingSubmit"_s)->isEnabled());
    auto* places = m_pro->find<QTableWidget>(u"listingPlaces"_s);
    QCOMPARE(places->rowCount(), mine->locations.size());
    QCOMPARE(m_pro->find<QTableWidget>(u"listingLanguages"_s)->rowCount(), mine->languages.size());
    QCOMPARE(m_pro->find<QCheckBox>(u"listingAccepting"_s)->isChecked(), mine->capacity.acceptingReferrals);
    // As filled in, the listing passes the validators: no message beside any field.
    for (const char* error : {"listingNeedsError", "listingLanguagesError", "listingPlacesError",
                              "listingAvailabilityError", "listingFeesError"})
        QVERIFY2(label(QLatin1StringView(error))->isHidden(), error);
    const QStringList unnamed = test::unnamedWidgets(m_pro->window.myListingPage());
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

void TestMyListingPage::aBadPlaceIsMarkedAndSubmitRefused()
{
    QVERIFY(m_pro);
    auto* places = m_pro->find<QTableWidget>(u"listingPlaces"_s);
    const int before = places->rowCount();
    QTest::mouseClick(m_pro->find<QPushButton>(u"listingAddPlace"_s), Qt::LeftButton);
    QCOMPARE(places->rowCount(), before + 1);
    // The city's editor is open: type the city; then type a country that is none into its cell.
    auto* city = qobject_cast<QLineEdit*>(places->indexWidget(places->model()->index(before, 0)));
    QVERIFY(city);
    QTest::keyClicks(city, u"Nowhere"_s);
    QTest::keyClick(city, Qt::Key_Return);
    QTRY_COMPARE(places->item(before, 0)->text(), u"Nowhere"_s); // the delegate commits a moment later
    places->setCurrentCell(before, 2);
    places->scrollToItem(places->item(before, 2));
    places->editItem(places->item(before, 2));
    auto* editor = qobject_cast<QLineEdit*>(places->indexWidget(places->model()->index(before, 2)));
    QVERIFY(editor);
    QTest::keyClicks(editor, u"ZZ"_s);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(places->item(before, 2)->text(), u"ZZ"_s);
    QLabel* error = label(u"listingPlacesError"_s);
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(u"Row %1"_s.arg(before + 1)) && error->text().contains(u"ZZ"_s) &&
                 error->text().contains(u"country code"_s),
             qPrintable(error->text()));
    // The response days beyond what the validator allows are marked beside their field too.
    auto* days = m_pro->find<QSpinBox>(u"listingResponseDays"_s);
    days->setFocus();
    days->selectAll();
    QTest::keyClicks(days, u"380"_s);
    QTRY_VERIFY(label(u"listingAvailabilityError"_s)->isVisible());
    QVERIFY2(label(u"listingAvailabilityError"_s)->text().startsWith(u"Typical days to answer"_s),
             qPrintable(label(u"listingAvailabilityError"_s)->text()));

    QTest::mouseClick(m_pro->find<QPushButton>(u"listingSubmit"_s), Qt::LeftButton);
    QVERIFY(label(u"listingMessage"_s)->text().startsWith(u"Not sent"_s));
    QVERIFY(m_pro->idle()); // nothing was started
    QVERIFY(pendingEdits().isEmpty());

    // Put right, every message goes.
    places->setCurrentCell(before, 0);
    QTest::mouseClick(m_pro->find<QPushButton>(u"listingRemovePlace"_s), Qt::LeftButton);
    QCOMPARE(places->rowCount(), before);
    days->setFocus();
    days->selectAll();
    QTest::keyClicks(days, u"5"_s);
    QTRY_VERIFY(error->isHidden());
    QVERIFY(label(u"listingAvailabilityError"_s)->isHidden());
}

void TestMyListingPage::submitAndWaitPending()
{
    QSignalSpy done(m_pro->window.syncController(), &SyncController::listingDone);
    QTest::mouseClick(m_pro->find<QPushButton>(u"listingSubmit"_s), Qt::LeftButton);
    QVERIFY2(!m_pro->find<QPushButton>(u"listingSubmit"_s)->isEnabled(), // while it goes
             qPrintable(label(u"listingMessage"_s)->text()));
    QTRY_VERIFY_WITH_TIMEOUT(m_pro->idle() && done.size() == 1, test::kSyncTimeoutMs);
    QVERIFY2(label(u"listingMessage"_s)->text().startsWith(u"Sent."_s), qPrintable(label(u"listingMessage"_s)->text()));
    QVERIFY2(label(u"listingReview"_s)->text().startsWith(u"Review: pending"_s),
             qPrintable(label(u"listingReview"_s)->text()));
    QVERIFY(m_pro->find<QPushButton>(u"listingSubmit"_s)->isEnabled());
}

void TestMyListingPage::anApprovedEditComesBack()
{
    QVERIFY(m_pro);
    test::replaceText(m_pro->find<QLineEdit>(u"listingFeeNote"_s), u"First consultation without charge"_s);
    submitAndWaitPending();
    const QStringList pending = pendingEdits();
    QCOMPARE(pending.size(), 1);
    // What reached the server is the listing as edited.
    const QJsonArray edits = m_fixture.api().all(u"/api/v1/profile-edits"_s, m_editorToken, 100);
    QCOMPARE(edits.first()[u"profile"_s][u"cost"_s][u"note"_s].toString(), u"First consultation without charge"_s);
    QCOMPARE(edits.first()[u"profile"_s][u"capacity"_s][u"typical_response_days"_s].toInt(), 5);
    const auto approved =
        m_fixture.api().post(u"/api/v1/profile-edits/%1/approve"_s.arg(pending.first()), m_editorToken, {});
    QCOMPARE(approved.status, 200);

    test::grabTo(&m_pro->window, u"my-listing"_s);
    QSignalSpy done(m_pro->window.syncController(), &SyncController::listingDone);
    QTest::mouseClick(m_pro->find<QPushButton>(u"listingCheck"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_pro->idle() && done.size() == 1, test::kSyncTimeoutMs);
    QVERIFY2(label(u"listingReview"_s)->text().startsWith(u"Review: approved"_s),
             qPrintable(label(u"listingReview"_s)->text()));
    // The same run synced: the directory on this device has the approved listing.
    const auto mine = m_pro->window.workspace()->directory().professional(QUuid(m_fixture.professionalIds().first()));
    QVERIFY(mine);
    QCOMPARE(mine->cost.note, u"First consultation without charge"_s);
    QCOMPARE(mine->verification.status, u"verified"_s);
}

void TestMyListingPage::aRejectedEditComesBackWithTheReason()
{
    QVERIFY(m_pro);
    test::replaceText(m_pro->find<QLineEdit>(u"listingHoursNote"_s), u"Whenever"_s);
    submitAndWaitPending();
    const QStringList pending = pendingEdits();
    QCOMPARE(pending.size(), 1);
    const auto rejected = m_fixture.api().post(u"/api/v1/profile-edits/%1/reject"_s.arg(pending.first()), m_editorToken,
                                               QJsonObject{{u"note"_s, u"Please give the hours people can call."_s}});
    QCOMPARE(rejected.status, 200);
    QSignalSpy done(m_pro->window.syncController(), &SyncController::listingDone);
    QTest::mouseClick(m_pro->find<QPushButton>(u"listingCheck"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_pro->idle() && done.size() == 1, test::kSyncTimeoutMs);
    const QString review = label(u"listingReview"_s)->text();
    QVERIFY2(review.startsWith(u"Review: rejected"_s) && review.contains(u"Please give the hours people can call."_s),
             qPrintable(review));
    // The directory keeps the approved listing.
    const auto mine = m_pro->window.workspace()->directory().professional(QUuid(m_fixture.professionalIds().first()));
    QVERIFY(mine && mine->openingHoursNote != u"Whenever"_s);
}

void TestMyListingPage::aCaseworkerIsToldWhyItIsEmpty()
{
    test::SignedInDevice a1;
    QVERIFY(a1.unlock());
    QVERIFY(a1.signIn(m_fixture.url(), u"a1"_s, QLatin1StringView(test::SyncServerFixture::kPassword)));
    QVERIFY(a1.showPlace(MainWindow::Place::MyListing));
    QCOMPARE(a1.window.syncController()->role(), u"caseworker"_s);
    QVERIFY2(a1.find<QLabel>(u"listingSummary"_s)->text().contains(u"not linked"_s),
             qPrintable(a1.find<QLabel>(u"listingSummary"_s)->text()));
    QVERIFY(!a1.find<QPushButton>(u"listingSubmit"_s)->isEnabled());
    QVERIFY(!a1.find<QTableWidget>(u"listingPlaces"_s)->isEnabled());
}

QTEST_MAIN(TestMyListingPage)
#include "TestMyListingPage.moc"
