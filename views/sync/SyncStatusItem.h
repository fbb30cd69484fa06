// SyncStatusItem: the status bar's sync line. The controller's statusText() (what waits to
// upload, the last success, the last error in words, the next attempt), a progress bar while a
// run goes and a "Sync now" button. It shows counts and times only, never anything of a case.
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace htmse {

class ProfileWorkspace;
class SyncController;

class SyncStatusItem : public QWidget
{
    Q_OBJECT

public:
    explicit SyncStatusItem(QWidget* parent = nullptr);

    // Null while locked: the item says so and its button is off. The workspace's referral
    // changes refresh the count of what waits to upload.
    void setController(SyncController* controller, ProfileWorkspace* workspace);
    QString text() const;

private:
    void refresh();

    QPointer<SyncController> m_controller;
    QPointer<ProfileWorkspace> m_workspace;
    QLabel* m_label;
    QProgressBar* m_progress;
    QPushButton* m_syncNow;
};

} // namespace htmse
