// LockScreen: choose a profile and unlock it, or create one. Shown at start and whenever the
// workspace locks. Asks UnlockController for everything; holds no key and runs no crypto.
#pragma once

#include <QSet>
#include <QUuid>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace htmse {

class UnlockController;

class LockScreen : public QWidget
{
    Q_OBJECT

public:
    explicit LockScreen(UnlockController* controller, QWidget* parent = nullptr);

    void refreshProfiles();
    void setMessage(const QString& message);
    QString message() const;
    // Demo mode: a button that reopens the fictional demo directory without a profile.
    void setDemoAvailable(bool available);
    // At start only: open the chosen profile with the key remembered on this device, if there is
    // one (a lock forgets it, so after a lock the passphrase is needed, in this run or the next).
    void tryRememberedKey();

signals:
    void demoRequested();

private:
    void buildLayout();
    void unlock();
    void createProfile();
    void startCountdown(int seconds);

    UnlockController* m_controller;
    QComboBox* m_profiles;
    QLineEdit* m_passphrase;
    QCheckBox* m_remember;
    QPushButton* m_unlock;
    QPushButton* m_create;
    QPushButton* m_demo;
    QPushButton* m_forget;
    QSet<QUuid> m_forgetAsked; // "Forget this device" clicks waiting for their answer
    QLabel* m_message;
    QTimer* m_countdown;
    int m_secondsLeft = 0;
};

} // namespace htmse
