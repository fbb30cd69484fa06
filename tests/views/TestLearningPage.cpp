// TestLearningPage: News and learning against a real htmse-server on loopback. A directory
// editor publishes a news item (whose body carries a remote image, a css url(), a script and a
// javascript: link, all pointing at a local trap that must never be connected to) and a course
// of three lessons; a caseworker's sync brings both to the reader. Opening marks read, and that
// survives lock and unlock; search narrows as one types; lesson progress is kept in the profile;
// a link opens only after the person is told where it goes; a withdrawn item leaves the reader.
#include "common/ShownTexts.h"
#include "common/TemporaryWorkspace.h"
#include "itemmodels/PublicationModel.h"
#include "session/LockController.h"
#include "session/SyncController.h"
#include "session/UnlockController.h"
#include "sync/SyncServerFixture.h"
#include "translations/Translations.h"
#include "views/MainWindow.h"
#include "views/SignedInDevice.h"
#include "views/learning/LearningPage.h"
#include "views/learning/SafeTextBrowser.h"

#include <QBuffer>
#include <QDesktopServices>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScopeGuard>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
using test::kSyncTimeoutMs;
const QString kNewsId = u"1f0c3a52-7d1e-4c35-9a55-1a2b3c4d5e60"_s;
const QString kCourseId = u"1f0c3a52-7d1e-4c35-9a55-1a2b3c4d5e61"_s;

struct Device : test::SignedInDevice
{
    bool syncIdle() const
    {
        return window.syncController() && !window.syncController()->isRunning() &&
               window.syncController()->lastOutcome();
    }
    LearningPage* page() const { return window.learningPage(); }
    QString placeLabel() const { return window.placeList()->item(int(MainWindow::Place::Learning))->text(); }
};

// Records what QDesktopServices would have opened.
class LinkRecorder : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl& url) { opened.append(url); }
};

void clickRow(QTableView* view, int row)
{
    view->scrollTo(view->model()->index(row, 0));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(view->model()->index(row, 0)).center());
}

int rowWithTitle(QTableView* view, const QString& title)
{
    for (int r = 0; r < view->model()->rowCount(); ++r)
        if (view->model()->index(r, 0).data().toString() == title)
            return r;
    return -1;
}

void grabTo(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("HTMSE_SCREENSHOT_DIR");
    QCoreApplication::sendPostedEvents();
    if (!dir.isEmpty())
        widget->grab().save(dir + u'/' + name + u".png"_s);
}
} // namespace

class TestLearningPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void theBrowserLoadsNothingFromOutside();
    void publishedItemsReachTheReaderAfterASync();
    void openingMarksReadAndSurvivesLock();
    void searchNarrowsAsOneTypes();
    void courseProgressIsKept();
    void aLinkOpensOnlyWhenConfirmed();
    void aWithdrawnItemLeavesTheReader();
    void cleanupTestCase();

private:
    void syncNow();
    void relock();

    test::SyncServerFixture m_fixture;
    QByteArray m_editor;
    QTcpServer m_trap; // every remote reference in the bodies points here
    std::unique_ptr<Device> m_device;
};

void TestLearningPage::initTestCase()
{
    installTranslations();
    HTMSE_SET_UP_SYNC_FIXTURE(m_fixture, 5);
    QVERIFY(m_fixture.createUser(u"Org A"_s, u"editor"_s, u"directory-editor"_s));
    m_editor = m_fixture.api().signIn(u"editor"_s, QLatin1StringView(test::SyncServerFixture::kPassword));
    QVERIFY(!m_editor.isEmpty());
    QVERIFY(m_trap.listen(QHostAddress::LocalHost));
    const QString trap = u"http://127.0.0.1:%1"_s.arg(m_trap.serverPort());

    const QString body = u"<p>Beds are free again in <b>Leeds</b> from Monday.</p>"
                         "<p><img src=\"%1/pixel.png\" alt=\"occupancy chart\"></p>"
                         "<p style=\"background:url(%1/bg.png)\">Call the duty line first.</p>"
                         "<script>fetch('%1/steal')</script>"
                         "<p><a href=\"https://htmse.example/capacity\">Capacity table</a> "
                         "<a href=\"javascript:alert(1)\">do not follow</a></p>"_s.arg(trap);
    test::ApiReply r = m_fixture.api().post(u"/api/v1/news"_s, m_editor,
                                            {{u"id"_s, kNewsId},
                                             {u"title"_s, u"Shelter capacity update"_s},
                                             {u"summary"_s, u"Spaces for women and children."_s},
                                             {u"body"_s, body}});
    QVERIFY2(r.status == 201, r.body.constData());
    QJsonArray lessons;
    for (const auto& [title, text] : {std::pair{u"Before the interview"_s, u"Plan breaks and an interpreter."_s},
                                      std::pair{u"During the interview"_s, u"Let the person set the pace."_s},
                                      std::pair{u"Afterwards"_s, u"Record what was said, not what you think."_s}})
        lessons.append(QJsonObject{{u"title"_s, title}, {u"body"_s, u"<p>%1</p>"_s.arg(text)}});
    r = m_fixture.api().post(u"/api/v1/resources"_s, m_editor,
                             {{u"id"_s, kCourseId},
                              {u"title"_s, u"Trauma-informed interviewing"_s},
                              {u"kind"_s, u"course"_s},
                              {u"url"_s, u"https://htmse.example/courses/interviewing"_s},
                              {u"summary"_s, u"Three short lessons."_s},
                              {u"lessons"_s, lessons}});
    QVERIFY2(r.status == 201, r.body.constData());
    QCOMPARE(r.json().value(u"lessons"_s).toArray().size(), 3);
    r = m_fixture.api().post(u"/api/v1/resources"_s, m_editor,
                             {{u"title"_s, u"Réparation et indemnisation"_s},
                              {u"kind"_s, u"guide"_s},
                              {u"url"_s, u"https://htmse.example/guides/compensation"_s}});
    QVERIFY2(r.status == 201, r.body.constData());
    // Lessons belong to courses only.
    r = m_fixture.api().post(u"/api/v1/resources"_s, m_editor,
                             {{u"title"_s, u"A guide"_s},
                              {u"kind"_s, u"guide"_s},
                              {u"url"_s, u"https://htmse.example/g"_s},
                              {u"lessons"_s, lessons}});
    QCOMPARE(r.status, 400);
}

void TestLearningPage::cleanupTestCase()
{
    m_device.reset();
}

void TestLearningPage::syncNow()
{
    SyncController* sync = m_device->window.syncController();
    QVERIFY(sync);
    QTRY_VERIFY_WITH_TIMEOUT(!sync->isRunning(), kSyncTimeoutMs);
    QVERIFY(sync->syncNow());
    QTRY_VERIFY_WITH_TIMEOUT(m_device->syncIdle(), kSyncTimeoutMs);
    QVERIFY2(sync->lastOutcome()->ok(), qPrintable(sync->lastOutcome()->message));
}

// Locks and unlocks the same profile.
void TestLearningPage::relock()
{
    m_device->window.lockNow();
    QTRY_VERIFY(m_device->window.isShowingLockScreen());
    QCOMPARE(m_device->page()->newsModel()->rowCount(), 0);
    QCOMPARE(m_device->page()->resourcesModel()->rowCount(), 0);
    const QStringList texts = test::shownTexts(m_device->page()->findChildren<QWidget*>());
    for (const QString& text : texts)
        for (const QString& secret : {u"Leeds"_s, u"Shelter capacity"_s, u"Trauma-informed"_s, u" unread"_s})
            QVERIFY2(!text.contains(secret), qPrintable(u"%1 in \"%2\""_s.arg(secret, text)));
    QVERIFY(!m_device->placeLabel().contains(u"unread"_s));
    m_device->profile.reopen();
    m_device->lock.setWorkspace(m_device->profile.take());
    QVERIFY(!m_device->window.isShowingLockScreen());
    // The unlock starts a sync of its own (the profile knows its server): let it finish.
    QTRY_VERIFY_WITH_TIMEOUT(m_device->syncIdle(), kSyncTimeoutMs);
    m_device->window.showPlace(MainWindow::Place::Learning); // unlock opens Find help
}

// The browser itself, given hostile HTML that did not go through the sanitizer: nothing outside
// the document is loaded (the trap is never connected to, a local file is not read).
void TestLearningPage::theBrowserLoadsNothingFromOutside()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"local.png"_s);
    QImage big(300, 200, QImage::Format_RGB32);
    big.fill(Qt::red);
    QVERIFY(big.save(file));
    SafeTextBrowser browser;
    browser.resize(600, 400);
    browser.show();
    const QString trap = u"http://127.0.0.1:%1"_s.arg(m_trap.serverPort());
    browser.setHtml(u"<p>x</p><img src=\"%1/a.png\"><img src=\"%2\"><img src=\"%3\">"
                    "<link rel=stylesheet href=\"%1/s.css\">"_s.arg(trap, QUrl::fromLocalFile(file).toString(), file));
    QCoreApplication::processEvents();
    browser.grab(); // lays out and paints: every resource is asked for
    QVERIFY2(browser.refusedResources().size() >= 3, qPrintable(QString::number(browser.refusedResources().size())));
    QVERIFY(browser.refusedResources().contains(QUrl(trap + u"/a.png"_s)));
    // Nothing drawn from the file: the document's images are the 1×1 placeholder.
    QVERIFY(browser.document()->size().height() < 150);
    QVERIFY(!m_trap.waitForNewConnection(300));
    // A small inline image is drawn.
    QImage dot(4, 4, QImage::Format_RGB32);
    dot.fill(Qt::blue);
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        dot.save(&buffer, "PNG");
    }
    browser.setSafeHtml(
        u"<img src=\"data:image/png;base64,%1\" alt=\"dot\">"_s.arg(QString::fromLatin1(png.toBase64())));
    browser.grab();
    QVERIFY(browser.toHtml().contains(u"data:image/png"_s));
}

void TestLearningPage::publishedItemsReachTheReaderAfterASync()
{
    m_device = std::make_unique<Device>();
    m_device->window.setServer(m_fixture.url());
    QVERIFY(m_device->unlock());
    SyncController* sync = m_device->window.syncController();
    sync->setServer(m_fixture.url(), u"a1"_s);
    QVERIFY(sync->syncNow(SecureBytes::copyOf(QByteArrayView(test::SyncServerFixture::kPassword))));
    QTRY_VERIFY_WITH_TIMEOUT(m_device->syncIdle(), kSyncTimeoutMs);
    QVERIFY2(sync->lastOutcome()->ok(), qPrintable(sync->lastOutcome()->message));

    // Ctrl+7 goes to News and learning; its name carries the unread count.
    m_device->window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&m_device->window));
    QTest::keyClick(&m_device->window, Qt::Key_7, Qt::ControlModifier);
    QCOMPARE(m_device->window.currentPlace(), MainWindow::Place::Learning);
    QVERIFY(m_device->window.windowTitle().startsWith(u"News and learning"_s));
    LearningPage* page = m_device->page();
    QCOMPARE(page->newsModel()->rowCount(), 1);
    QCOMPARE(page->resourcesModel()->rowCount(), 2);
    QCOMPARE(m_device->placeLabel(), u"News and learning\n3 unread"_s);
    QCOMPARE(page->newsView()->model()->index(0, PublicationModel::StateColumn).data().toString(), u"Unread"_s);

    clickRow(page->newsView(), 0);
    QCOMPARE(page->shownItem(), QUuid(kNewsId));
    QCOMPARE(page->findChild<QLabel*>(u"readerTitle"_s)->text(), u"Shelter capacity update"_s);
    const QString shown = page->reader()->toPlainText();
    QVERIFY2(shown.contains(u"Beds are free again in Leeds from Monday."_s), qPrintable(shown));
    QVERIFY(shown.contains(u"Call the duty line first."_s));
    QVERIFY(shown.contains(u"[occupancy chart]"_s)); // the remote image's words, not the image
    QVERIFY(!shown.contains(u"fetch"_s));
    const QString html = page->reader()->toHtml();
    QVERIFY2(!html.contains(u"127.0.0.1"_s), qPrintable(html));
    QVERIFY(!html.contains(u"javascript"_s));
    QVERIFY(html.contains(u"https://htmse.example/capacity"_s));
    page->reader()->grab();
    QVERIFY(!m_trap.waitForNewConnection(300)); // nothing reached out to the image's address
    grabTo(&m_device->window, u"learning-news"_s);
}

void TestLearningPage::openingMarksReadAndSurvivesLock()
{
    QVERIFY(m_device);
    LearningPage* page = m_device->page();
    QVERIFY(page->newsModel()->isOpened(QUuid(kNewsId)));
    QCOMPARE(page->newsView()->model()->index(0, PublicationModel::StateColumn).data().toString(), u"Read"_s);
    QCOMPARE(m_device->placeLabel(), u"News and learning\n2 unread"_s);
    relock();
    QCOMPARE(page->newsModel()->rowCount(), 1);
    QVERIFY(page->newsModel()->isOpened(QUuid(kNewsId)));
    QCOMPARE(m_device->placeLabel(), u"News and learning\n2 unread"_s);
    // A re-sync of the same item (an editor's correction) keeps it read.
    const test::ApiReply r =
        m_fixture.api().post(u"/api/v1/news"_s, m_editor,
                             {{u"id"_s, kNewsId},
                              {u"title"_s, u"Shelter capacity update (corrected)"_s},
                              {u"body"_s, u"<p>Beds are free again in Leeds from Tuesday.</p>"_s}});
    QCOMPARE(r.status, 201);
    syncNow();
    QCOMPARE(page->newsView()->model()->index(0, 0).data().toString(), u"Shelter capacity update (corrected)"_s);
    QVERIFY(page->newsModel()->isOpened(QUuid(kNewsId)));
    // Mark as unread puts it back.
    QVERIFY(page->open(QUuid(kNewsId)));
    QTest::mouseClick(page->findChild<QPushButton*>(u"markUnread"_s), Qt::LeftButton);
    QVERIFY(!page->newsModel()->isOpened(QUuid(kNewsId)));
    QCOMPARE(m_device->placeLabel(), u"News and learning\n3 unread"_s);
}

void TestLearningPage::searchNarrowsAsOneTypes()
{
    QVERIFY(m_device);
    LearningPage* page = m_device->page();
    QLineEdit* search = page->searchEdit();
    search->setFocus();
    QTest::keyClicks(search, u"REPARATION"_s); // case and accents folded
    QCOMPARE(page->resourcesView()->model()->rowCount(), 1);
    QCOMPARE(page->resourcesView()->model()->index(0, 0).data().toString(), u"Réparation et indemnisation"_s);
    QCOMPARE(page->newsView()->model()->rowCount(), 0);
    search->clear();
    QTest::keyClicks(search, u"tuesday"_s); // the body is searched
    QCOMPARE(page->newsView()->model()->rowCount(), 1);
    QCOMPARE(page->resourcesView()->model()->rowCount(), 0);
    search->clear();
    QTest::keyClicks(search, u"set the pace"_s); // and the lessons
    QCOMPARE(page->resourcesView()->model()->rowCount(), 1);
    search->clear();
    QCOMPARE(page->resourcesView()->model()->rowCount(), 2);
}

void TestLearningPage::courseProgressIsKept()
{
    QVERIFY(m_device);
    LearningPage* page = m_device->page();
    QVERIFY(page->open(QUuid(kCourseId)));
    QListWidget* lessons = page->lessons();
    QVERIFY(lessons->isVisible());
    QCOMPARE(lessons->count(), 3);
    QCOMPARE(lessons->item(0)->text(), u"Lesson 1: Before the interview"_s);
    lessons->setCurrentRow(1);
    QVERIFY(page->reader()->toPlainText().contains(u"Let the person set the pace."_s));
    // Ticked with the keyboard, as a person would: space on the current lesson.
    lessons->setFocus();
    lessons->setCurrentRow(0);
    QTest::keyClick(lessons, Qt::Key_Space);
    lessons->setCurrentRow(2);
    QTest::keyClick(lessons, Qt::Key_Space);
    QCOMPARE(lessons->item(0)->checkState(), Qt::Checked);
    auto* progress = page->findChild<QLabel*>(u"courseProgress"_s);
    QCOMPARE(progress->text(), u"Course progress: 2 of 3 lessons done"_s);
    const int row = rowWithTitle(page->resourcesView(), u"Trauma-informed interviewing"_s);
    QVERIFY(row >= 0);
    QCOMPARE(page->resourcesView()->model()->index(row, PublicationModel::StateColumn).data().toString(),
             u"2 of 3 lessons done"_s);
    relock();
    QVERIFY(page->open(QUuid(kCourseId)));
    QCOMPARE(lessons->item(0)->checkState(), Qt::Checked);
    QCOMPARE(lessons->item(1)->checkState(), Qt::Unchecked);
    QCOMPARE(lessons->item(2)->checkState(), Qt::Checked);
    QCOMPARE(progress->text(), u"Course progress: 2 of 3 lessons done"_s);
    lessons->setCurrentRow(1);
    grabTo(&m_device->window, u"learning-reader"_s);
}

void TestLearningPage::aLinkOpensOnlyWhenConfirmed()
{
    QVERIFY(m_device);
    LinkRecorder recorder;
    QDesktopServices::setUrlHandler(u"https"_s, &recorder, "open");
    QDesktopServices::setUrlHandler(u"javascript"_s, &recorder, "open");
    const auto unset = qScopeGuard([] {
        QDesktopServices::unsetUrlHandler(u"https"_s);
        QDesktopServices::unsetUrlHandler(u"javascript"_s);
    });
    LearningPage* page = m_device->page();
    QVERIFY(page->open(QUuid(kNewsId)));
    SafeTextBrowser* reader = page->reader();
    emit reader->anchorClicked(QUrl(u"javascript:alert(1)"_s)); // never even asked
    QVERIFY(!reader->linkQuestion());
    emit reader->anchorClicked(QUrl(u"https://htmse.example/capacity"_s));
    QMessageBox* question = reader->linkQuestion();
    QVERIFY(question && question->isVisible());
    QVERIFY2(question->text().contains(u"https://htmse.example/capacity"_s), qPrintable(question->text()));
    QVERIFY(recorder.opened.isEmpty()); // nothing opened by the click alone
    question->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!reader->linkQuestion());
    QVERIFY(recorder.opened.isEmpty());
    emit reader->anchorClicked(QUrl(u"https://htmse.example/capacity"_s));
    QVERIFY(reader->linkQuestion());
    reader->linkQuestion()->findChild<QPushButton*>(u"openLink"_s)->click();
    QCOMPARE(recorder.opened, QList<QUrl>{QUrl(u"https://htmse.example/capacity"_s)});
}

void TestLearningPage::aWithdrawnItemLeavesTheReader()
{
    QVERIFY(m_device);
    LearningPage* page = m_device->page();
    QVERIFY(page->open(QUuid(kNewsId)));
    const test::ApiReply r = m_fixture.api().post(
        u"/api/v1/news"_s, m_editor, {{u"id"_s, kNewsId}, {u"title"_s, u"withdrawn"_s}, {u"deleted"_s, true}});
    QCOMPARE(r.status, 201);
    syncNow();
    QCOMPARE(page->newsModel()->rowCount(), 0);
    QVERIFY(page->shownItem().isNull());
    QVERIFY(!page->reader()->toPlainText().contains(u"Leeds"_s));
    QCOMPARE(page->findChild<QLabel*>(u"readerTitle"_s)->text(), u"Nothing open"_s);
    QVERIFY(!page->open(QUuid(kNewsId)));
}

QTEST_MAIN(TestLearningPage)
#include "TestLearningPage.moc"
