#include "views/MainWindow.h"

#include "interchange/DirectoryFile.h"
#include "itemmodels/ProfessionalListModel.h"
#include "session/LockController.h"
#include "session/UnlockController.h"
#include "sync/ServerHealthProbe.h"
#include "views/AboutDialog.h"
#include "views/LockScreen.h"
#include "views/ProfessionalDetailsView.h"

#include <QApplication>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>

namespace htmse {

using namespace Qt::StringLiterals;

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_model(new ProfessionalListModel(this))
    , m_view(new QTableView(this))
    , m_details(new ProfessionalDetailsView(this))
    , m_directoryStatus(new QLabel(this))
    , m_serverStatus(new QLabel(this))
    , m_network(new QNetworkAccessManager(this))
    , m_probe(new ServerHealthProbe(m_network, this))
    , m_pages(new QStackedWidget(this))
    , m_workspace(nullptr)
{
    setWindowTitle(tr("HTMSE Desktop"));
    setObjectName(u"MainWindow"_s);

    m_view->setObjectName(u"directoryView"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setColumnWidth(ProfessionalListModel::NameColumn, 220);
    m_view->setColumnWidth(ProfessionalListModel::TypeColumn, 170);
    m_view->setColumnWidth(ProfessionalListModel::PlaceColumn, 200);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showSelected);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::showSelected);

    m_details->setObjectName(u"detailsView"_s);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    m_workspace = splitter;
    m_pages->addWidget(m_workspace);
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

    buildMenus();
    resize(1100, 680);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open directory file…"), QKeySequence::Open, this, &MainWindow::chooseDirectoryFile);
    file->addAction(tr("&Lock"), QKeySequence(Qt::CTRL | Qt::Key_L), this, &MainWindow::lockNow);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About HTMSE Desktop"), this, [this] { AboutDialog(this).exec(); });
}

void MainWindow::chooseDirectoryFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open directory file"), {},
                                                      tr("Directory files (*.json);;All files (*)"));
    if (!path.isEmpty())
        openDirectoryFile(path);
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
    m_pages->setCurrentWidget(m_workspace);
    m_model->setProfessionals(std::move(contents.professionals));
    m_view->sortByColumn(-1, Qt::AscendingOrder);
    m_directoryStatus->setText(
        contents.skipped > 0
            ? tr("%n professional(s) from the demo directory file; %1 records skipped", nullptr, int(count))
                  .arg(contents.skipped)
            : tr("%n professional(s) from the demo directory file", nullptr, int(count)));
    if (count > 0)
        m_view->selectRow(0);
    return true;
}

void MainWindow::setLocking(UnlockController* unlocker, LockController* lock)
{
    m_lock = lock;
    m_lockScreen = new LockScreen(unlocker, this);
    m_pages->addWidget(m_lockScreen);
    m_pages->setCurrentWidget(m_lockScreen);
    m_lockScreen->setDemoAvailable(!m_demoFile.isEmpty());
    lock->addClearer(this, [this] {
        m_model->clear();
        m_details->clearProfessional();
        m_directoryStatus->setText(tr("Locked"));
    });
    connect(lock, &LockController::locked, this, [this](const QString& reason) {
        m_pages->setCurrentWidget(m_lockScreen);
        m_lockScreen->refreshProfiles();
        m_lockScreen->setMessage(reason == "inactivity"_L1 ? tr("Locked after a period without activity.")
                                 : reason == "manual"_L1
                                     ? tr("Locked.")
                                     : tr("Locked because the screen locked or the computer slept."));
    });
    connect(lock, &LockController::unlocked, this, [this] {
        m_pages->setCurrentWidget(m_workspace);
        m_directoryStatus->setText(tr("Profile unlocked. The directory arrives with the first sync."));
    });
    connect(unlocker, &UnlockController::unlocked, this, [this](const ProfileInfo&, int overdue) {
        if (overdue > 0)
            statusBar()->showMessage(tr("%n referral(s) overdue for follow-up", nullptr, overdue), 15'000);
    });
    connect(m_lockScreen, &LockScreen::demoRequested, this, [this] {
        if (!m_demoFile.isEmpty())
            openDirectoryFile(m_demoFile);
    });
}

void MainWindow::lockNow()
{
    if (!m_lockScreen)
        return;
    if (m_lock && !m_lock->isLocked()) {
        m_lock->lock(u"manual"_s);
        return;
    }
    m_model->clear();
    m_details->clearProfessional();
    m_directoryStatus->setText(tr("Locked"));
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

QString MainWindow::serverStatusText() const
{
    return m_serverStatus->text();
}

QString MainWindow::directoryStatusText() const
{
    return m_directoryStatus->text();
}

void MainWindow::showSelected()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (const Professional* p = current.isValid() ? m_model->professionalAt(current.row()) : nullptr)
        m_details->showProfessional(*p);
    else
        m_details->clearProfessional();
}

} // namespace htmse
