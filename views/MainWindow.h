// MainWindow: the application shell: the directory list and a profile pane, the server status,
// and the menus. Data comes in through models; this class runs no SQL and no HTTP itself.
#pragma once

#include <QMainWindow>
#include <QUrl>

class QLabel;
class QStackedWidget;
class QTableView;
class QNetworkAccessManager;

namespace htmse {

class LockController;
class LockScreen;
class ProfessionalListModel;
class ProfessionalDetailsView;
class ServerHealthProbe;
class UnlockController;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a directory file (the demo directory) straight into the list. Returns false and
    // shows why when the file cannot be used; records with problems are skipped and counted.
    bool openDirectoryFile(const QString& path);
    // Checks the server now and every minute; the status bar says whether it answers.
    void setServer(const QUrl& server);
    // Puts the lock screen in front: shown at start and whenever `lock` locks (on request,
    // inactivity, screen lock, suspend); every model is emptied before the database closes.
    void setLocking(UnlockController* unlocker, LockController* lock);
    // Locks now (File > Lock, Ctrl+L). In demo mode, with no profile open, it still clears the
    // window and shows the lock screen.
    void lockNow();
    bool isShowingLockScreen() const;
    LockScreen* lockScreen() const { return m_lockScreen; }

    ProfessionalListModel* directoryModel() const { return m_model; }
    QTableView* directoryView() const { return m_view; }
    QString serverStatusText() const;
    QString directoryStatusText() const;

private:
    void buildMenus();
    void showSelected();
    void chooseDirectoryFile();

    ProfessionalListModel* m_model;
    QTableView* m_view;
    ProfessionalDetailsView* m_details;
    QLabel* m_directoryStatus;
    QLabel* m_serverStatus;
    QNetworkAccessManager* m_network;
    ServerHealthProbe* m_probe;
    QUrl m_server;
    QStackedWidget* m_pages;
    QWidget* m_workspace;
    LockScreen* m_lockScreen = nullptr;
    LockController* m_lock = nullptr;
    QString m_demoFile;
};

} // namespace htmse
