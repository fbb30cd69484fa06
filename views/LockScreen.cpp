#include "views/LockScreen.h"

#include "session/UnlockController.h"
#include "views/CreateProfileDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
// The passphrase travels as bytes in guarded memory and the line edit is cleared at once. The
// UTF-8 conversion is this function's own buffer and is wiped; the edit's QString is Qt's, and a
// fill() on a copy of it would only wipe the copy (docs/security.md, "Known limits").
SecureBytes takePassphrase(QLineEdit* edit)
{
    QByteArray utf8 = edit->text().toUtf8();
    SecureBytes out = SecureBytes::copyOf(utf8);
    utf8.fill('\0'); // not shared: this wipes the only copy of the UTF-8 bytes
    edit->clear();
    return out;
}
} // namespace

LockScreen::LockScreen(UnlockController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_profiles(new QComboBox(this))
    , m_passphrase(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("Remember on this device"), this))
    , m_unlock(new QPushButton(tr("Unlock"), this))
    , m_create(new QPushButton(tr("New profile…"), this))
    , m_demo(new QPushButton(tr("Open the demo directory"), this))
    , m_forget(new QPushButton(tr("Forget this device"), this))
    , m_message(new QLabel(this))
    , m_countdown(new QTimer(this))
{
    setObjectName(u"lockScreen"_s);
    m_profiles->setObjectName(u"profiles"_s);
    m_passphrase->setObjectName(u"passphrase"_s);
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrase->setPlaceholderText(tr("Passphrase"));
    m_unlock->setObjectName(u"unlock"_s);
    m_unlock->setDefault(true);
    m_create->setObjectName(u"createProfile"_s);
    m_demo->setObjectName(u"openDemo"_s);
    m_demo->setVisible(false);
    m_remember->setObjectName(u"remember"_s);
    m_forget->setObjectName(u"forgetDevice"_s);
    m_forget->setFlat(true);
    m_forget->setToolTip(tr("Removes the chosen profile's remembered key from this computer: the passphrase is "
                            "needed from now on."));
    m_message->setObjectName(u"message"_s);
    m_message->setWordWrap(true);
    const bool rememberAllowed = controller->policy().allowRememberOnDevice;
    m_forget->setVisible(rememberAllowed);
    m_remember->setEnabled(rememberAllowed);
    m_remember->setToolTip(
        rememberAllowed
            ? tr("Keeps this profile's key in this computer account's credential store: after you quit, the app "
                 "opens the profile without the passphrase. Anyone who can use this computer account can then "
                 "open it too. Locking (Ctrl+L, when idle, when the screen locks) forgets the key, and so does "
                 "unlocking with this box unchecked.")
            : tr("Your office's policy does not allow this."));
    m_remember->setChecked(false);

    buildLayout();

    connect(m_unlock, &QPushButton::clicked, this, &LockScreen::unlock);
    connect(m_passphrase, &QLineEdit::returnPressed, this, &LockScreen::unlock);
    connect(m_create, &QPushButton::clicked, this, &LockScreen::createProfile);
    connect(m_demo, &QPushButton::clicked, this, &LockScreen::demoRequested);
    connect(m_forget, &QPushButton::clicked, this, [this] {
        if (m_profiles->count() > 0) {
            const QUuid profile = QUuid::fromString(m_profiles->currentData().toString());
            m_forgetAsked.insert(profile);
            m_controller->forgetRemembered(profile);
        }
    });
    connect(controller, &UnlockController::forgotten, this, [this](const QUuid& profile, bool ok, const QString& why) {
        // Told only when asked for here; the forgetting that locks do is silent.
        if (!m_forgetAsked.remove(profile))
            return;
        setMessage(ok ? tr("This computer no longer keeps the key of “%1”: its passphrase is needed from now on.")
                            .arg(m_profiles->itemText(m_profiles->findData(profile.toString())))
                      : tr("The remembered key could not be removed: %1").arg(why));
    });
    connect(controller, &UnlockController::busyChanged, this, [this](bool busy) {
        m_unlock->setEnabled(!busy && m_secondsLeft == 0);
        m_create->setEnabled(!busy);
        if (busy)
            setMessage(tr("Unlocking…"));
    });
    connect(controller, &UnlockController::failed, this, [this](const QString& message, int retryAfter) {
        setMessage(message);
        if (retryAfter > 0)
            startCountdown(retryAfter);
        m_passphrase->setFocus();
    });
    connect(controller, &UnlockController::unlocked, this, [this] { setMessage({}); });
    connect(controller, &UnlockController::created, this, [this](const ProfileInfo& info) {
        refreshProfiles();
        m_profiles->setCurrentIndex(m_profiles->findData(info.id.toString()));
        setMessage(tr("Profile “%1” created. Enter its passphrase to unlock it.").arg(info.name));
        m_passphrase->setFocus();
    });
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, [this] {
        if (--m_secondsLeft <= 0) {
            m_countdown->stop();
            m_secondsLeft = 0;
            m_unlock->setEnabled(true);
            setMessage(tr("You can try again now."));
        } else {
            setMessage(tr("Too many wrong passphrases. Try again in %1 s.").arg(m_secondsLeft));
        }
    });
    refreshProfiles();
}

void LockScreen::buildLayout()
{
    auto* title = new QLabel(tr("<h2>HTMSE Desktop</h2><p>Your profile keeps your referrals and the directory "
                                "encrypted on this computer.</p>"),
                             this);
    title->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Profile"), m_profiles);
    form->addRow(tr("Passphrase"), m_passphrase);
    form->addRow(QString(), m_remember);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_create);
    buttons->addWidget(m_forget);
    buttons->addStretch();
    buttons->addWidget(m_demo);
    buttons->addWidget(m_unlock);
    auto* box = new QWidget(this);
    box->setMaximumWidth(520);
    auto* inner = new QVBoxLayout(box);
    inner->addWidget(title);
    inner->addLayout(form);
    inner->addLayout(buttons);
    inner->addWidget(m_message);
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    // Centred between stretches, not by alignment: an aligned item gets its height for the
    // layout's whole width, so the word-wrapped labels, narrower in fact, were clipped.
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(box, 2);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);
}

void LockScreen::refreshProfiles()
{
    const QString current = m_profiles->currentData().toString();
    m_profiles->clear();
    QStringList problems;
    for (const ProfileInfo& p : m_controller->profiles(&problems))
        m_profiles->addItem(p.name, p.id.toString());
    if (const int i = m_profiles->findData(current); i >= 0)
        m_profiles->setCurrentIndex(i);
    m_unlock->setEnabled(m_profiles->count() > 0 && m_secondsLeft == 0);
    if (!problems.isEmpty())
        setMessage(tr("Some profiles cannot be read: %1").arg(problems.join(u"; "_s)));
    else if (m_profiles->count() == 0)
        setMessage(tr("There is no profile on this computer yet. Create one to begin."));
}

void LockScreen::setMessage(const QString& message)
{
    m_message->setText(message);
}

QString LockScreen::message() const
{
    return m_message->text();
}

void LockScreen::setDemoAvailable(bool available)
{
    m_demo->setVisible(available);
}

void LockScreen::tryRememberedKey()
{
    // Also when the policy forbids remembering: the controller then forgets what was kept.
    if (m_profiles->count() > 0)
        m_controller->unlockRemembered(m_profiles->currentData().toString());
}

void LockScreen::unlock()
{
    if (m_profiles->count() == 0 || m_controller->isBusy() || m_secondsLeft > 0)
        return;
    m_controller->unlock(m_profiles->currentData().toString(), takePassphrase(m_passphrase), m_remember->isChecked());
}

void LockScreen::createProfile()
{
    CreateProfileDialog dialog(m_controller->policy().minPassphraseScore, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_controller->create(dialog.profileName(), dialog.takePassphrase());
}

void LockScreen::startCountdown(int seconds)
{
    m_secondsLeft = seconds;
    m_unlock->setEnabled(false);
    m_countdown->start();
}

} // namespace htmse
