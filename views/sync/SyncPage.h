// SyncPage: the Sync place. The server and user this profile syncs with, a password field for
// the first sign-in (handed over as SecureBytes and cleared at once), Sync now and Cancel, the
// controller's status line, the sync history from the journal (when, what moved, how long, the
// outcome) and every change the server refused, with its reason and what to do. Everything is
// emptied when the profile locks. It reads through the controller and the workspace only.
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace htmse {

class ProfileWorkspace;
class SyncController;

class SyncPage : public QWidget
{
    Q_OBJECT

public:
    explicit SyncPage(QWidget* parent = nullptr);

    // Both null at lock: every field, table and line is emptied.
    void setController(SyncController* controller, ProfileWorkspace* workspace);

private:
    void syncNow();
    void refresh();
    void fillHistory();
    void fillRefused();
    void clear();

    QPointer<SyncController> m_controller;
    QPointer<ProfileWorkspace> m_workspace;
    QLineEdit* m_server;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QPushButton* m_syncNow;
    QPushButton* m_cancel;
    QLabel* m_status;
    QLabel* m_problem;
    QTableWidget* m_history;
    QLabel* m_refusedTitle;
    QTableWidget* m_refused;
};

} // namespace htmse
