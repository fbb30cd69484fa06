// IncomingPage: the Incoming place. For a professional signed in with an account linked to a
// directory profile, the referrals addressed to them that sync brought in, and what they may do
// with the selected one: acknowledge, accept, decline with a reason, complete, only as the
// transition table allows. Each is recorded through ProfileWorkspace::addReferralEvent and
// uploaded at the next sync. For anyone else it says in one line why the place is empty.
#pragma once

#include <QPointer>
#include <QUuid>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace htmse {

class ProfileWorkspace;
class SyncController;
enum class ReferralEventType;

class IncomingPage : public QWidget
{
    Q_OBJECT

public:
    explicit IncomingPage(QWidget* parent = nullptr);

    // Both null at lock: the list and every line are emptied.
    void setController(SyncController* controller, ProfileWorkspace* workspace);

private:
    void reload();
    void updateActions();
    void record(ReferralEventType type);
    QUuid selected() const;

    QPointer<SyncController> m_controller;
    QPointer<ProfileWorkspace> m_workspace;
    QLabel* m_summary;
    QTableWidget* m_table;
    QPushButton* m_acknowledge;
    QPushButton* m_accept;
    QComboBox* m_declineReason;
    QPushButton* m_decline;
    QPushButton* m_complete;
    QLabel* m_message;
};

} // namespace htmse
