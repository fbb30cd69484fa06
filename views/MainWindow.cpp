#include "views/MainWindow.h"

#include "interchange/DirectoryFile.h"
#include "itemmodels/ProfessionalListModel.h"
#include "session/LockController.h"
#include "session/NotificationCenter.h"
#include "session/ProfileWorkspace.h"
#include "session/SyncController.h"
#include "session/UnlockController.h"
#include "sync/ServerHealthProbe.h"
#include "views/AboutDialog.h"
#include "views/ClipboardGuard.h"
#include "views/KeyboardShortcutsDialog.h"
#include "views/LockScreen.h"
#include "views/ProfessionalDetailsView.h"
#include "views/TrayNotifier.h"
#include "views/dashboard/DashboardPage.h"
#include "views/directory/DirectoryPage.h"
#include "views/expertwitness/ExpertWitnessPage.h"
#include "views/findhelp/FindHelpPage.h"
#include "views/incoming/IncomingPage.h"
#include "views/learning/LearningPage.h"
#include "views/listing/MyListingPage.h"
#include "views/referrals/ReferralLogView.h"
#include "views/referrals/ReferralWizard.h"
#include "views/sync/SyncPage.h"
#include "views/sync/SyncStatusItem.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QFile>
#include <QFileDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
// A place whose screen is not in this build says so, in words, and offers nothing it cannot do.
QWidget* notYetHere(MainWindow::Place place)
{
    QString text;
    switch (place) {
    case MainWindow::Place::Referrals:
        text = MainWindow::tr("Referral log: not part of this build yet. Referrals recorded with htmse-cli stay "
                              "in your profile and will be listed here.");
        break;
    default:
        break;
    }
    auto* label = new QLabel(text);
    label->setObjectName(u"placeholder"_s);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    label->setMargin(label->fontMetrics().height() * 2);
    return label;
}
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_placeList(new QListWidget(this))
    , m_placeStack(new QStackedWidget(this))
    , m_mainSplitter(new QSplitter(Qt::Horizontal, this))
    , m_findHelp(new FindHelpPage(this))
    , m_directory(new DirectoryPage(this))
    , m_experts(new ExpertWitnessPage(this))
    , m_directoryStatus(new QLabel(this))
    , m_serverStatus(new QLabel(this))
    , m_network(new QNetworkAccessManager(this))
    , m_probe(new ServerHealthProbe(m_network, this))
    , m_clipboard(new ClipboardGuard(this))
    , m_pages(new QStackedWidget(this))
{
    setWindowTitle(tr("HTMSE Desktop"));
    setObjectName(u"MainWindow"_s);
    buildPlaces();
    m_pages->addWidget(m_mainSplitter);
    setCentralWidget(m_pages);

    m_directoryStatus->setObjectName(u"directoryStatus"_s);
    m_serverStatus->setObjectName(u"serverStatus"_s);
    statusBar()->addWidget(m_directoryStatus, 1);
    statusBar()->addPermanentWidget(m_serverStatus);
    m_directoryStatus->setText(tr("No directory open"));
    m_serverStatus->setText(tr("No server configured"));

    connect(m_probe, &ServerHealthProbe::finished, this,
            [this](bool reachable, const QString& version, const QString& message) {
                m_serverStatus->setText(reachable
                                            ? tr("Server %1 · online (version %2)").arg(m_server.authority(), version)
                                            : tr("Server %1 · offline: %2").arg(m_server.authority(), message));
            });
    auto* timer = new QTimer(this);
    timer->setInterval(60'000);
    connect(timer, &QTimer::timeout, this, [this] {
        if (m_server.isValid())
            m_probe->probe(m_server);
    });
    timer->start();

    for (auto* details : findChildren<ProfessionalDetailsView*>())
        details->setClipboardGuard(m_clipboard);
    connect(m_findHelp, &FindHelpPage::referralRequested, this, &MainWindow::referralRequested);
    connect(m_experts, &ExpertWitnessPage::referralRequested, this, &MainWindow::referralRequested);
    // The referral log and the wizard: every way to a new referral leads to the same wizard.
    m_referralLog = new ReferralLogView(this);
    m_referralLog->setClipboardGuard(m_clipboard);
    setPlaceWidget(Place::Referrals, m_referralLog);
    connect(this, &MainWindow::workspaceChanged, m_referralLog, &ReferralLogView::setWorkspace);
    connect(m_referralLog, &ReferralLogView::newReferralRequested, this, [this] { openReferralWizard({}, {}, {}); });
    connect(this, &MainWindow::referralRequested, this, &MainWindow::openReferralWizard);
    // Sync: the status bar item, the Sync place and the Incoming place share the controller the
    // window makes at unlock and deletes at lock.
    m_syncStatus = new SyncStatusItem(this);
    statusBar()->insertPermanentWidget(1, m_syncStatus); // before the server's line
    m_syncPage = new SyncPage(this);
    setPlaceWidget(Place::Sync, m_syncPage);
    m_incoming = new IncomingPage(this);
    setPlaceWidget(Place::Incoming, m_incoming);
    buildLearningAndNotices();
    auto* dashboard = new DashboardPage(this);
    setPlaceWidget(Place::Dashboard, dashboard);
    connect(this, &MainWindow::workspaceChanged, dashboard, &DashboardPage::setWorkspace);
    m_myListing = new MyListingPage(this);
    setPlaceWidget(Place::MyListing, m_myListing);

    buildMenus();
    qApp->installEventFilter(this);
    resize(1200, 760);
    restoreLayout();
}

MainWindow::~MainWindow()
{
    saveLayout();
}

void MainWindow::buildPlaces()
{
    m_placeList->setObjectName(u"placeList"_s);
    m_placeList->setAccessibleName(tr("Places"));
    m_placeList->setSelectionMode(QAbstractItemView::SingleSelection);
    for (int i = 0; i < kPlaceCount; ++i) {
        const auto place = Place(i);
        auto* item = new QListWidgetItem(placeName(place), m_placeList);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(placeName(place)).arg(i + 1));
        QWidget* page = place == Place::FindHelp          ? static_cast<QWidget*>(m_findHelp)
                        : place == Place::Directory       ? static_cast<QWidget*>(m_directory)
                        : place == Place::ExpertWitnesses ? static_cast<QWidget*>(m_experts)
                                                          : notYetHere(place);
        m_placeStack->addWidget(page);
    }
    // The list is as wide as its longest name, whatever the font and the scale.
    m_placeList->setMinimumWidth(m_placeList->sizeHintForColumn(0) + 2 * m_placeList->frameWidth() +
                                 m_placeList->fontMetrics().averageCharWidth() * 4);
    connect(m_placeList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        m_placeStack->setCurrentIndex(row);
        if (!isShowingLockScreen())
            setWindowTitle(tr("%1 — HTMSE Desktop").arg(placeName(Place(row))));
    });
    m_placeList->setCurrentRow(0);
    m_mainSplitter->setObjectName(u"mainSplitter"_s);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->addWidget(m_placeList);
    m_mainSplitter->addWidget(m_placeStack);
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setSizes({m_placeList->minimumWidth(), m_placeList->minimumWidth() * 6});
}

QString MainWindow::placeName(Place place)
{
    switch (place) {
    case Place::FindHelp:
        return tr("Find help");
    case Place::Directory:
        return tr("Directory");
    case Place::ExpertWitnesses:
        return tr("Expert witnesses");
    case Place::Referrals:
        return tr("Referrals");
    case Place::Incoming:
        return tr("Incoming");
    case Place::Sync:
        return tr("Sync");
    case Place::Learning:
        return tr("News and learning");
    case Place::Dashboard:
        return tr("Dashboard");
    case Place::MyListing:
        return tr("My listing");
    }
    return {};
}

void MainWindow::setPlaceWidget(Place place, QWidget* widget)
{
    const int index = int(place);
    QWidget* old = m_placeStack->widget(index);
    const bool current = m_placeStack->currentIndex() == index;
    m_placeStack->insertWidget(index, widget);
    m_placeStack->removeWidget(old);
    if (old == m_findHelp)
        m_findHelp = nullptr;
    else if (old == m_directory)
        m_directory = nullptr;
    else if (old == m_experts)
        m_experts = nullptr;
    else if (old == m_syncPage)
        m_syncPage = nullptr;
    else if (old == m_incoming)
        m_incoming = nullptr;
    else if (old == m_myListing)
        m_myListing = nullptr;
    else if (old == m_learning)
        m_learning = nullptr;
    old->deleteLater();
    for (auto* details : widget->findChildren<ProfessionalDetailsView*>())
        details->setClipboardGuard(m_clipboard);
    if (current)
        m_placeStack->setCurrentIndex(index);
}

// News and learning, with its unread count in the place's name; the notices of the profile and
// the tray icon that shows them. Both follow workspaceChanged (nothing while locked).
void MainWindow::buildLearningAndNotices()
{
    m_learning = new LearningPage(this);
    setPlaceWidget(Place::Learning, m_learning);
    connect(this, &MainWindow::workspaceChanged, m_learning, &LearningPage::setWorkspace);
    connect(m_learning, &LearningPage::unreadCountChanged, this, [this](int unread) {
        if (QListWidgetItem* item = m_placeList->item(int(Place::Learning)))
            // On a second line, so the list keeps its width.
            item->setText(unread > 0 ? placeName(Place::Learning) + u'\n' + tr("%n unread", nullptr, unread)
                                     : placeName(Place::Learning));
    });
    m_notifications = new NotificationCenter(this);
    connect(this, &MainWindow::workspaceChanged, m_notifications, &NotificationCenter::setWorkspace);
    m_tray = new TrayNotifier(*m_notifications, this, this);
    connect(m_tray, &TrayNotifier::lockRequested, this, &MainWindow::lockNow);
    connect(m_tray, &TrayNotifier::quitRequested, qApp, &QApplication::quit);
}

QWidget* MainWindow::placeWidget(Place place) const
{
    return m_placeStack->widget(int(place));
}

ReferralWizard* MainWindow::referralWizard() const
{
    return m_wizard;
}

void MainWindow::openReferralWizard(const MatchQuery& query, const QUuid& professionalId, const QString& kind)
{
    if (!m_workspace)
        return;
    if (m_wizard) {
        m_wizard->raise();
        m_wizard->activateWindow();
        return;
    }
    // Window-modal: the person's details are typed in one place at a time. The wizard empties
    // and closes itself when the profile locks.
    m_wizard = new ReferralWizard(*m_workspace, this);
    m_wizard->setAttribute(Qt::WA_DeleteOnClose);
    m_wizard->setWindowModality(Qt::WindowModal);
    if (!query.needs.isEmpty() || !professionalId.isNull() || !kind.isEmpty())
        m_wizard->prefill(query, professionalId, kind);
    connect(m_wizard, &ReferralWizard::referralRecorded, this, [this](const QUuid&) {
        showPlace(Place::Referrals);
        statusBar()->showMessage(tr("Referral recorded; it goes to the server at the next sync."), 8000);
    });
    connect(m_wizard, &ReferralWizard::answerLinkRequested, m_referralLog, &ReferralLogView::requestAnswerLink);
    m_wizard->open();
}

void MainWindow::showPlace(Place place)
{
    m_placeList->setCurrentRow(int(place));
}

MainWindow::Place MainWindow::currentPlace() const
{
    return Place(m_placeStack->currentIndex());
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_shortcutActions.append(
        file->addAction(tr("&Open directory file…"), QKeySequence::Open, this, &MainWindow::chooseDirectoryFile));
    QAction* lock = file->addAction(tr("&Lock"), QKeySequence(Qt::CTRL | Qt::Key_L), this, &MainWindow::lockNow);
    lock->setObjectName(u"lockAction"_s);
    m_shortcutActions.append(lock);
    file->addSeparator();
    m_shortcutActions.append(file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit));
    QMenu* go = menuBar()->addMenu(tr("&Go"));
    for (int i = 0; i < kPlaceCount; ++i) {
        QAction* action =
            go->addAction(placeName(Place(i)), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)), this, [this, i] {
                if (!isShowingLockScreen())
                    showPlace(Place(i));
            });
        action->setObjectName(u"goPlace%1"_s.arg(i + 1));
        m_shortcutActions.append(action);
    }
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    m_shortcutActions.append(help->addAction(tr("&Keyboard shortcuts"), QKeySequence(Qt::CTRL | Qt::Key_Slash), this,
                                             &MainWindow::showShortcuts));
    help->addAction(tr("&About HTMSE Desktop"), this, [this] {
        auto* about = new AboutDialog(this);
        about->setAttribute(Qt::WA_DeleteOnClose);
        about->open();
    });
}

QList<QAction*> MainWindow::shortcutActions() const
{
    return m_shortcutActions;
}

void MainWindow::showShortcuts()
{
    auto* dialog = new KeyboardShortcutsDialog(m_shortcutActions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::chooseDirectoryFile()
{
    auto* dialog = new QFileDialog(this, tr("Open directory file"), {}, tr("Directory files (*.json);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) { openDirectoryFile(path); });
    dialog->open();
}

bool MainWindow::openDirectoryFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_directoryStatus->setText(tr("Cannot open %1: %2").arg(path, file.errorString()));
        return false;
    }
    DirectoryFileContents contents = DirectoryFile::read(file.readAll());
    if (!contents.readable) {
        m_directoryStatus->setText(
            tr("%1 is not a directory file: %2").arg(path, contents.problems.toStrings().value(0)));
        return false;
    }
    const qsizetype count = contents.professionals.size();
    m_demoFile = path;
    if (m_lockScreen)
        m_lockScreen->setDemoAvailable(true);
    m_pages->setCurrentWidget(m_mainSplitter);
    if (m_directory)
        m_directory->showFileDirectory(std::move(contents.professionals));
    showPlace(Place::Directory);
    m_directoryStatus->setText(
        contents.skipped > 0
            ? tr("%n professional(s) from the demo directory file; %1 records skipped", nullptr, int(count))
                  .arg(contents.skipped)
            : tr("%n professional(s) from the demo directory file", nullptr, int(count)));
    return true;
}

void MainWindow::setLocking(UnlockController* unlocker, LockController* lock)
{
    m_lock = lock;
    m_lockScreen = new LockScreen(unlocker, this);
    m_pages->addWidget(m_lockScreen);
    m_pages->setCurrentWidget(m_lockScreen);
    setWindowTitle(tr("HTMSE Desktop"));
    m_lockScreen->setDemoAvailable(!m_demoFile.isEmpty());
    lock->addClearer(this, [this] { clearEverything(); });
    connect(lock, &LockController::locked, this, [this](const QString& reason) {
        m_pages->setCurrentWidget(m_lockScreen);
        setWindowTitle(tr("HTMSE Desktop"));
        m_lockScreen->refreshProfiles();
        m_lockScreen->setMessage(reason == "inactivity"_L1 ? tr("Locked after a period without activity.")
                                 : reason == "manual"_L1
                                     ? tr("Locked.")
                                     : tr("Locked because the screen locked or the computer slept."));
    });
    connect(lock, &LockController::unlocked, this, [this] { setWorkspace(m_lock->workspace()); });
    connect(unlocker, &UnlockController::unlocked, this, [this](const ProfileInfo&, int overdue) {
        if (overdue > 0)
            statusBar()->showMessage(tr("%n referral(s) overdue for follow-up", nullptr, overdue), 15'000);
    });
    connect(m_lockScreen, &LockScreen::demoRequested, this, [this] {
        if (!m_demoFile.isEmpty())
            openDirectoryFile(m_demoFile);
    });
}

void MainWindow::setWorkspace(ProfileWorkspace* workspace)
{
    m_workspace = workspace;
    if (workspace) {
        // Built on a worker thread: the window is shown at once, with the progress below.
        workspace->prepareIndexes();
        connect(workspace, &ProfileWorkspace::indexProgress, this, [this](int percent) {
            if (m_workspace && m_workspace->indexesPreparing())
                m_directoryStatus->setText(tr("Preparing the directory… %1 %").arg(percent));
        });
        connect(workspace, &ProfileWorkspace::indexesReady, this, [this] {
            if (m_workspace)
                showDirectoryCount(int(m_workspace->matchEngine().size()));
        });
        m_clipboard->setClearSeconds(workspace->policy().clipboardClearSeconds);
        // The models follow closing() themselves; the window clears what it shows.
        connect(workspace, &ProfileWorkspace::closing, this, [this] { clearEverything(); });
        // Sync brings the directory in: the count follows it.
        connect(workspace, &ProfileWorkspace::directoryChanged, this, [this] {
            if (m_workspace && !m_workspace->indexesPreparing())
                showDirectoryCount(int(m_workspace->matchEngine().size()));
        });
    }
    if (m_findHelp)
        m_findHelp->setWorkspace(workspace);
    if (m_directory)
        m_directory->setWorkspace(workspace);
    if (m_experts)
        m_experts->setWorkspace(workspace);
    emit workspaceChanged(workspace);
    if (!workspace) {
        stopSync();
        return;
    }
    startSync(workspace);
    m_pages->setCurrentWidget(m_mainSplitter);
    showPlace(Place::FindHelp);
    setWindowTitle(tr("%1 — HTMSE Desktop").arg(placeName(currentPlace())));
    if (workspace->indexesPreparing())
        m_directoryStatus->setText(tr("Preparing the directory… %1 %").arg(workspace->indexPercent()));
    else
        showDirectoryCount(int(workspace->matchEngine().size()));
}

void MainWindow::showDirectoryCount(int count)
{
    m_directoryStatus->setText(count > 0 ? tr("%n professional(s) in the directory", nullptr, count)
                                         : tr("Profile unlocked. The directory arrives with the first sync."));
}

void MainWindow::clearEverything()
{
    // Dialogs first (a file dialog, the shortcuts list): nothing of the profile stays on screen.
    for (QDialog* dialog : findChildren<QDialog*>())
        if (dialog->isVisible())
            dialog->reject();
    m_clipboard->clearNow();
    const bool hadWorkspace = m_workspace;
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = nullptr;
    if (m_findHelp)
        m_findHelp->setWorkspace(nullptr);
    if (m_directory)
        m_directory->clear();
    if (m_experts)
        m_experts->setWorkspace(nullptr);
    stopSync();
    // Called by the lock controller and again by the workspace's closing(): the places hear it once.
    if (hadWorkspace)
        emit workspaceChanged(nullptr);
    setWindowTitle(tr("HTMSE Desktop"));
    m_directoryStatus->setText(tr("Locked"));
}

void MainWindow::lockNow()
{
    if (!m_lockScreen)
        return;
    if (m_lock && !m_lock->isLocked()) {
        m_lock->lock(u"manual"_s);
        return;
    }
    clearEverything();
    m_pages->setCurrentWidget(m_lockScreen);
    m_lockScreen->refreshProfiles();
}

bool MainWindow::isShowingLockScreen() const
{
    return m_lockScreen && m_pages->currentWidget() == m_lockScreen;
}

void MainWindow::setServer(const QUrl& server)
{
    m_server = server;
    m_serverStatus->setText(tr("Server %1 · checking…").arg(server.authority()));
    m_probe->probe(server);
}

void MainWindow::setSyncInterval(int minutes)
{
    m_syncMinutes = std::max(0, minutes);
    if (m_sync && m_syncAutomatic)
        m_sync->setAutomatic(m_syncMinutes);
}

void MainWindow::startSync(ProfileWorkspace* workspace)
{
    stopSync();
    m_sync = new SyncController(*workspace, this);
    // The profile's last sign-in wins; the app's --server is the default for a profile without one.
    if (m_sync->server().isEmpty() && m_server.isValid())
        m_sync->setServer(m_server, m_sync->user());
    m_syncAutomatic = false;
    // Automatic sync once a server and user are known: now, or from the first run a person starts
    // (turned on while that run goes, it plans the next one after it).
    const auto automatic = [this] {
        if (m_sync && !m_syncAutomatic && m_syncMinutes > 0 && m_sync->status().configured) {
            m_syncAutomatic = true;
            m_sync->setAutomatic(m_syncMinutes);
        }
    };
    connect(m_sync, &SyncController::started, this, automatic);
    m_syncStatus->setController(m_sync, workspace);
    if (m_syncPage)
        m_syncPage->setController(m_sync, workspace);
    if (m_incoming)
        m_incoming->setController(m_sync, workspace);
    if (m_myListing)
        m_myListing->setController(m_sync, workspace);
    if (m_referralLog)
        m_referralLog->setSyncController(m_sync);
    automatic();
}

void MainWindow::stopSync()
{
    if (m_syncStatus)
        m_syncStatus->setController(nullptr, nullptr);
    if (m_syncPage)
        m_syncPage->setController(nullptr, nullptr);
    if (m_incoming)
        m_incoming->setController(nullptr, nullptr);
    if (m_myListing)
        m_myListing->setController(nullptr, nullptr);
    if (m_referralLog)
        m_referralLog->setSyncController(nullptr);
    // Its destructor cancels a run in progress; locking stops a controller for good anyway.
    delete m_sync.data();
    m_sync = nullptr;
    m_syncAutomatic = false;
}

QString MainWindow::serverStatusText() const
{
    return m_serverStatus->text();
}

QString MainWindow::directoryStatusText() const
{
    return m_directoryStatus->text();
}

ProfessionalListModel* MainWindow::directoryModel() const
{
    return m_directory ? m_directory->currentModel() : nullptr;
}

QTableView* MainWindow::directoryView() const
{
    return m_directory ? m_directory->view() : nullptr;
}

QList<QSplitter*> MainWindow::rememberedSplitters() const
{
    QList<QSplitter*> splitters{m_mainSplitter};
    for (QSplitter* s : findChildren<QSplitter*>())
        if (s != m_mainSplitter && !s->objectName().isEmpty())
            splitters.append(s);
    return splitters;
}

void MainWindow::restoreLayout()
{
    // Only the window's shape: geometry and splitters, never anything of the data.
    QSettings settings;
    settings.beginGroup(u"MainWindow"_s);
    restoreGeometry(settings.value(u"geometry"_s).toByteArray());
    for (QSplitter* s : rememberedSplitters())
        s->restoreState(settings.value(u"splitter/"_s + s->objectName()).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.beginGroup(u"MainWindow"_s);
    settings.setValue(u"geometry"_s, saveGeometry());
    for (QSplitter* s : rememberedSplitters())
        settings.setValue(u"splitter/"_s + s->objectName(), s->saveState());
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress && QApplication::activeModalWidget() && watched->isWidgetType()) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->keyCombination() == QKeyCombination(Qt::ControlModifier, Qt::Key_L)) {
            lockNow();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace htmse
