// htmse-screenshots: the README's pictures, taken from the real window with the demo data.
// Creates a throwaway profile, fills it with the fictional demo directory and a few demo
// referrals, unlocks it into the main window and saves a picture of every place, the lock
// screen and the referral wizard. Run through scripts/screenshots (under Xvfb); never by hand.
#include "demo/DemoDirectoryGenerator.h"
#include "demo/DemoPublications.h"
#include "itemmodels/MatchResultsModel.h"
#include "itemmodels/PublicationModel.h"
#include "security/Policy.h"
#include "session/LockController.h"
#include "session/ProfileWorkspace.h"
#include "session/UnlockController.h"
#include "storage/Vault.h"
#include "taxonomy/Gazetteer.h"
#include "translations/Translations.h"
#include "views/MainWindow.h"
#include "views/findhelp/FindHelpPage.h"
#include "views/learning/LearningPage.h"
#include "views/map/MapView.h"
#include "views/map/ResultsMap.h"
#include "views/referrals/ReferralWizard.h"

#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QRandomGenerator>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace htmse;

namespace {

void settle(int ms = 400)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool save(QWidget* widget, const QString& dir, const QString& name)
{
    settle();
    const QString path = QDir(dir).filePath(name + u".png"_s);
    const bool ok = widget->grab().save(path);
    std::fprintf(stderr, ok ? "htmse-screenshots: %s\n" : "htmse-screenshots: cannot write %s\n", qPrintable(path));
    return ok;
}

// Find help's results on the map, around the place typed as a caseworker types it.
bool saveMap(FindHelpPage* page, QWidget* window, const QString& place, const QString& dir, const QString& name)
{
    if (auto* edit = page->findChild<QLineEdit*>(u"placeEdit"_s)) {
        edit->setText(place);
        emit edit->editingFinished();
    }
    page->resultsTabs()->setCurrentWidget(page->resultsMap());
    MapView* map = page->resultsMap()->map();
    for (int i = 0; i < 50 && !map->outlinesReady(); ++i)
        settle(100);
    settle(800);
    // The best result that is on the map (a confidential one is not), selected as a click would.
    QListView* results = page->resultsView();
    for (int row = 0; row < results->model()->rowCount(); ++row)
        if (results->model()->index(row, 0).data(MatchResultsModel::LatitudeRole).isValid()) {
            results->setCurrentIndex(results->model()->index(row, 0));
            break;
        }
    return save(window, dir, name);
}

// Three demo referrals in different states, to the first professionals the demo directory has.
void addDemoReferrals(ProfileWorkspace& workspace)
{
    const QList<MatchResult> matches = [&] {
        MatchQuery q;
        q.needs = {{u"legal.immigration"_s, true}};
        q.limit = 3;
        return workspace.matchEngine().match(q);
    }();
    const QStringList cases = {u"HT-2026-0142"_s, u"HT-2026-0157"_s, u"HT-2026-0163"_s};
    for (qsizetype i = 0; i < matches.size() && i < cases.size(); ++i) {
        ReferralDetails d;
        d.caseRef = cases[i];
        d.kind = u"victim-support"_s;
        d.needs = {u"legal.immigration"_s};
        d.languages = {u"tir"_s};
        d.interpreter = true;
        d.urgency = i == 0 ? u"urgent"_s : u"routine"_s;
        d.recipientId = matches[i].id;
        d.consent =
            Consent{true, u"Legal advice referral"_s, QDate(2026, 11, 30), u"Demo caseworker"_s, false, false, {}, {}};
        ReferralError error;
        const auto id = workspace.createReferral(d, &error);
        if (id && i > 0)
            workspace.addReferralEvent(*id, ReferralEventType::Sent, {}, &error);
        if (id && i > 1)
            workspace.addReferralEvent(*id, ReferralEventType::FollowUpSet, {{u"due"_s, u"2026-11-20"_s}}, &error);
    }
}

// The demo news and resources as the demo server publishes them, with a time each, as if synced.
bool addDemoPublications(ProfileWorkspace& workspace)
{
    int next = 0;
    for (const auto& [stream, items] : {std::pair{SyncJournal::Stream::News, DemoPublications::news()},
                                        std::pair{SyncJournal::Stream::Resources, DemoPublications::resources()}}) {
        SyncJournal::PublicationPage page;
        for (qsizetype i = 0; i < items.size(); ++i) {
            QJsonObject item = items.at(i).toObject();
            item.insert(u"published_at"_s, QDateTime(QDate(2026, 11, 28), QTime(9, 0), Qt::UTC)
                                               .addSecs(-3600 * (i + 1))
                                               .toString(Qt::ISODateWithMs));
            page.items.append(
                {QUuid(item.value(u"id"_s).toString()), i + 1, QJsonDocument(item).toJson(QJsonDocument::Compact)});
        }
        page.next = QString::number(++next);
        QString error;
        if (!workspace.syncJournal().applyPublicationPage(stream, page, &error)) {
            std::fprintf(stderr, "htmse-screenshots: %s\n", qPrintable(error));
            return false;
        }
    }
    workspace.publicationsSynced();
    return true;
}

// The screenshots' clock: the system's, or a moment in the past while a history is written.
class HistoryClock : public Clock
{
public:
    QDateTime now() const override { return m_at.isValid() ? m_at : Clock::system().now(); }
    qint64 monotonicMs() const override { return Clock::system().monotonicMs(); }
    void setNow(const QDateTime& at) { m_at = at; }

private:
    QDateTime m_at;
};

// Six months of generated referrals (a fixed seed) for the dashboard: of every kind, most sent,
// many accepted after a few days, some declined or completed, a few with follow-ups overdue.
void addDemoHistory(ProfileWorkspace& workspace, HistoryClock& clock)
{
    MatchQuery q;
    q.limit = 40;
    const QList<MatchResult> recipients = workspace.matchEngine().match(q);
    if (recipients.isEmpty())
        return;
    const QStringList kinds = {u"victim-support"_s, u"expert-report"_s, u"medicolegal-report"_s,
                               u"professional-consultation"_s};
    QRandomGenerator random(42);
    const QDateTime today = Clock::system().now();
    const QDate first = QDate(today.date().year(), today.date().month(), 1).addMonths(-5);
    for (int i = 0; i < 140; ++i) {
        const QDateTime created =
            QDateTime(first, QTime(8, 0), Qt::UTC)
                .addSecs(qint64(random.bounded(first.daysTo(today.date()))) * 86'400 + random.bounded(10 * 3600));
        const QString kind = kinds.at(random.bounded(10) < 6 ? 0 : random.bounded(1, int(kinds.size())));
        ReferralDetails d;
        d.caseRef = u"HT-2026-%1"_s.arg(1000 + i);
        d.kind = kind;
        d.needs = {u"legal.immigration"_s};
        d.recipientId = recipients.at(random.bounded(int(recipients.size()))).id;
        d.consent = Consent{true, u"Support referral"_s, created.date(), u"Demo caseworker"_s, false, false, {}, {}};
        ReferralError error;
        clock.setNow(created);
        const auto id = workspace.createReferral(d, &error);
        if (!id)
            continue;
        QDateTime at = created.addSecs(random.bounded(2 * 3600));
        clock.setNow(at);
        workspace.addReferralEvent(*id, ReferralEventType::Sent, {}, &error);
        const int fate = random.bounded(100);
        at = at.addSecs(qint64(random.bounded(12, kind == u"victim-support"_s ? 120 : 260)) * 1800);
        if (at > today || fate < 15) { // not answered yet; some with a follow-up
            if (fate < 8) {
                clock.setNow(created.addSecs(3600 * 3));
                workspace.addReferralEvent(*id, ReferralEventType::FollowUpSet,
                                           {{u"due"_s, created.date().addDays(14).toString(Qt::ISODate)}}, &error);
            }
            continue;
        }
        clock.setNow(at);
        if (fate < 27) {
            workspace.addReferralEvent(*id, ReferralEventType::Declined, {{u"reason"_s, u"no-capacity"_s}}, &error);
            continue;
        }
        workspace.addReferralEvent(*id, ReferralEventType::Accepted, {}, &error);
        at = at.addDays(random.bounded(5, 40));
        if (fate < 60 && at < today) {
            clock.setNow(at);
            workspace.addReferralEvent(*id, ReferralEventType::Completed, {{u"success"_s, true}}, &error);
        }
    }
    clock.setNow({});
}

// News and learning with the demo course open at its second lesson, the first one done.
bool showDemoCourse(MainWindow& window)
{
    LearningPage* page = window.learningPage();
    const QJsonArray resources = DemoPublications::resources();
    if (!page || resources.isEmpty())
        return false;
    const QUuid course(resources.first().toObject().value(u"id"_s).toString());
    if (auto* first = page->newsModel()->publicationAt(0))
        page->newsModel()->markOpened(first->id);
    if (!page->open(course) || page->lessons()->count() < 2)
        return false;
    page->lessons()->item(0)->setCheckState(Qt::Checked);
    page->lessons()->setCurrentRow(1);
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"HTMSE Desktop"_s);
    installTranslations();
    const QStringList args = QApplication::arguments();
    const QString outDir = args.size() > 1 ? args.at(1) : u"docs/images"_s;
    if (!QDir().mkpath(outDir)) {
        std::fprintf(stderr, "htmse-screenshots: cannot create %s\n", qPrintable(outDir));
        return 1;
    }
    QTemporaryDir profiles;
    Vault vault(profiles.path());
    VaultError error;
    const SecureBytes passphrase = SecureBytes::copyOf(QByteArrayView("demo screenshots passphrase 2026"));
    if (!vault.create(u"Demo caseworker"_s, passphrase, 0, &error,
                      KeyDerivation::withLimits(1, KeyDerivation::kMinMemLimit))) {
        std::fprintf(stderr, "htmse-screenshots: %s\n", qPrintable(error.message));
        return 1;
    }
    Policy policy;
    LockController lock;
    UnlockController unlocker(vault, lock, policy);
    MainWindow window;
    window.setLocking(&unlocker, &lock);
    window.resize(1280, 800);
    window.show();
    bool ok = save(&window, outDir, u"start-screen"_s);

    auto session = vault.unlock(u"Demo caseworker"_s, passphrase, &error);
    if (!session) {
        std::fprintf(stderr, "htmse-screenshots: %s\n", qPrintable(error.message));
        return 1;
    }
    static HistoryClock clock;
    auto workspace = ProfileWorkspace::open(std::move(session), policy, clock);
    const auto demo = DemoDirectoryGenerator(3000, 7).generate();
    QString storeError;
    if (!workspace->directory().upsert(demo.professionals, demo.organisations, &storeError)) {
        std::fprintf(stderr, "htmse-screenshots: %s\n", qPrintable(storeError));
        return 1;
    }
    workspace->directoryReplaced();
    addDemoReferrals(*workspace);
    if (!addDemoPublications(*workspace))
        return 1;
    ProfileWorkspace* open = workspace.get();
    lock.setWorkspace(std::move(workspace));

    MatchQuery query;
    query.needs = {{u"legal.immigration"_s, true}};
    query.languages = {u"tir"_s};
    query.interpreterOk = true;
    if (const auto* leeds = Gazetteer::instance().resolve(u"Leeds, GB"))
        query.near = leeds->point();
    query.radiusKm = 80;
    window.findHelpPage()->applyQuery(query);
    window.showPlace(MainWindow::Place::FindHelp);
    // The place as a caseworker types it.
    if (auto* place = window.findHelpPage()->findChild<QLineEdit*>(u"placeEdit"_s)) {
        place->setText(u"Leeds"_s);
        emit place->editingFinished();
    }
    settle(800);
    if (auto* results = window.findHelpPage()->resultsView(); results->model() && results->model()->rowCount() > 0)
        results->setCurrentIndex(results->model()->index(0, 0));
    ok = save(&window, outDir, u"find-help"_s) && ok;
    // The map: help of several kinds around London, then a radius from Derry that reaches into Ireland.
    MatchQuery around;
    around.needs = {{u"legal"_s, true}, {u"medical"_s, true}, {u"mental-health"_s, true}, {u"shelter"_s, true}};
    around.radiusKm = 25;
    window.findHelpPage()->applyQuery(around);
    ok = saveMap(window.findHelpPage(), &window, u"London"_s, outDir, u"map-around-a-city"_s) && ok;
    MatchQuery border = around;
    border.radiusKm = 90;
    window.findHelpPage()->applyQuery(border);
    ok = saveMap(window.findHelpPage(), &window, u"Derry"_s, outDir, u"map-across-a-border"_s) && ok;
    window.findHelpPage()->resultsTabs()->setCurrentIndex(0);
    const QList<std::pair<MainWindow::Place, QString>> places = {
        {MainWindow::Place::Directory, u"directory"_s},
        {MainWindow::Place::ExpertWitnesses, u"expert-witnesses"_s},
        {MainWindow::Place::Referrals, u"referrals"_s},
        {MainWindow::Place::Incoming, u"incoming"_s},
        {MainWindow::Place::Sync, u"sync"_s}};
    for (const auto& [place, name] : places) {
        window.showPlace(place);
        ok = save(&window, outDir, name) && ok;
    }
    window.showPlace(MainWindow::Place::Learning);
    ok = showDemoCourse(window) && save(&window, outDir, u"learning"_s) && ok;
    addDemoHistory(*open, clock);
    window.showPlace(MainWindow::Place::Dashboard);
    settle(600); // the dashboard recounts a moment after the log changes
    ok = save(&window, outDir, u"dashboard"_s) && ok;
    window.showPlace(MainWindow::Place::FindHelp);
    window.openReferralWizard(query, {}, u"victim-support"_s);
    if (ReferralWizard* wizard = window.referralWizard()) {
        wizard->resize(900, 680);
        ok = save(wizard, outDir, u"referral-wizard"_s) && ok;
        wizard->reject();
    }
    window.lockNow();
    ok = save(&window, outDir, u"locked"_s) && ok;
    return ok ? 0 : 1;
}
