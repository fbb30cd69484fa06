// MainWindow: the application shell. A list of places (Find help, Directory, Expert witnesses,
// Referrals, Incoming, Sync, News and learning, Dashboard, My listing; Ctrl+1..Ctrl+9) beside
// the place shown, the lock screen in front whenever the profile is locked, the status bar and
// the menus. Data comes in through the workspace and item models; this class runs no SQL and no
// HTTP itself.
#pragma once

#include "matching/MatchQuery.h"
#include "session/ProfileWorkspace.h"
#include "session/SyncController.h"

#include <QMainWindow>
#include <QPointer>
#include <QUrl>

class QLabel;
class QListWidget;
class QSplitter;
class QStackedWidget;
class QTableView;
class QNetworkAccessManager;

namespace htmse {

class ClipboardGuard;
class DirectoryPage;
class ExpertWitnessPage;
class FindHelpPage;
class IncomingPage;
class MyListingPage;
class LearningPage;
class LockController;
class NotificationCenter;
class LockScreen;
class ProfessionalListModel;
class ReferralLogView;
class ReferralWizard;
class ServerHealthProbe;
class SyncController;
class SyncPage;
class SyncStatusItem;
class TrayNotifier;
class UnlockController;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class Place
    {
        FindHelp,
        Directory,
        ExpertWitnesses,
        Referrals,
        Incoming,
        Sync,
        Learning,
        Dashboard,
        MyListing,
    };
    Q_ENUM(Place)
    static constexpr int kPlaceCount = 9;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Hosts `widget` as `place` (the window takes it over, and deletes what was there). Referrals,
    // Incoming and Sync show a line saying they are not part of this build until a widget is set.
    // A hosted widget hears of the profile through workspaceChanged().
    void setPlaceWidget(Place place, QWidget* widget);
    QWidget* placeWidget(Place place) const;
    void showPlace(Place place);
    Place currentPlace() const;
    static QString placeName(Place place);

    // The unlocked profile's workspace; null while locked or in demo mode.
    ProfileWorkspace* workspace() const { return m_workspace; }

    // Opens a directory file (the demo directory) straight into the Directory place. Returns false
    // and shows why when the file cannot be used; records with problems are skipped and counted.
    bool openDirectoryFile(const QString& path);
    // Checks the server now and every minute; the status bar says whether it answers. It is also
    // the sync server of a profile that has signed in to none.
    void setServer(const QUrl& server);
    // Automatic sync of an unlocked profile that knows its server and user: a run at unlock (or at
    // the first sign-in), then every `minutes` (15 by default; 0: only when asked).
    void setSyncInterval(int minutes);
    // The unlocked profile's sync; made at unlock and deleted at lock (null while locked).
    SyncController* syncController() const { return m_sync; }
    SyncStatusItem* syncStatusItem() const { return m_syncStatus; }
    SyncPage* syncPage() const { return m_syncPage; }
    IncomingPage* incomingPage() const { return m_incoming; }
    MyListingPage* myListingPage() const { return m_myListing; }
    LearningPage* learningPage() const { return m_learning; }
    // The notices of the unlocked profile (none while locked), shown through the tray icon.
    NotificationCenter* notifications() const { return m_notifications; }
    TrayNotifier* trayNotifier() const { return m_tray; }
    // Puts the lock screen in front: shown at start and whenever `lock` locks (on request,
    // inactivity, screen lock, suspend); every model is emptied before the database closes.
    // Unlocking hands the workspace to every place.
    void setLocking(UnlockController* unlocker, LockController* lock);
    // Locks now (File > Lock, Ctrl+L). In demo mode, with no profile open, it still clears the
    // window and shows the lock screen.
    void lockNow();
    bool isShowingLockScreen() const;
    LockScreen* lockScreen() const { return m_lockScreen; }

    FindHelpPage* findHelpPage() const { return m_findHelp; }
    DirectoryPage* directoryPage() const { return m_directory; }
    ExpertWitnessPage* expertWitnessPage() const { return m_experts; }
    ReferralLogView* referralLog() const { return m_referralLog; }
    // The new-referral wizard, prefilled from a match when there is one ("Refer…", "Request a
    // report", the log's "New referral"); one at a time, window-modal. Null while none is open.
    void openReferralWizard(const htmse::MatchQuery& query, const QUuid& professionalId, const QString& kind);
    ReferralWizard* referralWizard() const;
    QListWidget* placeList() const { return m_placeList; }
    ClipboardGuard* clipboardGuard() const { return m_clipboard; }
    // The model the Directory place shows now, and its table.
    ProfessionalListModel* directoryModel() const;
    QTableView* directoryView() const;
    QString serverStatusText() const;
    QString directoryStatusText() const;
    // Every action with a shortcut, as Help > Keyboard shortcuts lists them.
    QList<QAction*> shortcutActions() const;

signals:
    // "Refer…" in Find help (kind "victim-support") and "Request a report" in Expert witnesses
    // (kind "expert-report" or "medicolegal-report"): the lead connects it to the referral wizard.
    void referralRequested(const htmse::MatchQuery& query, const QUuid& professionalId, const QString& kind);
    // The profile was unlocked (the workspace) or is locking (null, before the database closes).
    void workspaceChanged(htmse::ProfileWorkspace* workspace);

protected:
    void closeEvent(QCloseEvent* event) override;
    // Ctrl+L while a modal dialog blocks the window's own shortcut.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildPlaces();
    void buildMenus();
    void buildLearningAndNotices();
    void chooseDirectoryFile();
    void showShortcuts();
    void setWorkspace(ProfileWorkspace* workspace);
    void startSync(ProfileWorkspace* workspace);
    void showDirectoryCount(int count);
    void stopSync();
    void clearEverything();
    void restoreLayout();
    void saveLayout() const;
    QList<QSplitter*> rememberedSplitters() const;

    QListWidget* m_placeList;
    QStackedWidget* m_placeStack;
    QSplitter* m_mainSplitter;
    FindHelpPage* m_findHelp;
    DirectoryPage* m_directory;
    ExpertWitnessPage* m_experts;
    ReferralLogView* m_referralLog = nullptr;
    SyncStatusItem* m_syncStatus = nullptr;
    SyncPage* m_syncPage = nullptr;
    IncomingPage* m_incoming = nullptr;
    MyListingPage* m_myListing = nullptr;
    LearningPage* m_learning = nullptr;
    NotificationCenter* m_notifications = nullptr;
    TrayNotifier* m_tray = nullptr;
    QPointer<SyncController> m_sync;
    int m_syncMinutes = 15;
    bool m_syncAutomatic = false;
    QPointer<ReferralWizard> m_wizard;
    QLabel* m_directoryStatus;
    QLabel* m_serverStatus;
    QNetworkAccessManager* m_network;
    ServerHealthProbe* m_probe;
    ClipboardGuard* m_clipboard;
    QUrl m_server;
    QStackedWidget* m_pages;
    LockScreen* m_lockScreen = nullptr;
    LockController* m_lock = nullptr;
    QPointer<ProfileWorkspace> m_workspace;
    QList<QAction*> m_shortcutActions;
    QString m_demoFile;
};

} // namespace htmse
