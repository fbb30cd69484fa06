#include "app/common/SecretInput.h"

#include <QTest>

#include <cstdio>
#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

using namespace htmse;

namespace {
QByteArray text(const std::optional<SecureBytes>& secret)
{
    return secret ? QByteArray(reinterpret_cast<const char*>(secret->data()), qsizetype(secret->size()))
                  : QByteArray("<none>");
}
} // namespace

class TestSecretInput : public QObject
{
    Q_OBJECT

private slots:
    void eachSecretLeavesTheRestOfThePipe();
    void aTerminalShowsThePromptButNotTheSecret();
};

// Read with read(2) a byte at a time: nothing beyond the line is taken from the input (a stdio
// buffer would swallow the next secret, and keep a copy of it).
void TestSecretInput::eachSecretLeavesTheRestOfThePipe()
{
    int fds[2];
    QCOMPARE(::pipe(fds), 0);
    const QByteArray input = "first secret\r\nsecond\nthird-without-newline";
    QCOMPARE(::write(fds[1], input.constData(), size_t(input.size())), ssize_t(input.size()));
    ::close(fds[1]);
    QCOMPARE(text(readSecretLine(fds[0], "P", stderr)), QByteArray("first secret"));
    QCOMPARE(text(readSecretLine(fds[0], "P", stderr)), QByteArray("second"));
    QCOMPARE(text(readSecretLine(fds[0], "P", stderr)), QByteArray("third-without-newline"));
    QVERIFY(!readSecretLine(fds[0], "P", stderr)); // the end
    ::close(fds[0]);
}

void TestSecretInput::aTerminalShowsThePromptButNotTheSecret()
{
    int master = -1;
    int slave = -1;
    if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0)
        QSKIP("no pseudo-terminals here (/dev/pts not mounted)");
    ::fcntl(master, F_SETFL, O_NONBLOCK);
    const auto drain = [master] {
        QByteArray shown;
        char buffer[512];
        for (ssize_t n; (n = ::read(master, buffer, sizeof buffer)) > 0;)
            shown.append(buffer, n);
        return shown;
    };
    const QByteArray typed = "hunter2-correct-horse\n";
    // The control: a line typed at a terminal in its usual state and read by a program is echoed.
    QCOMPARE(::write(master, typed.constData(), size_t(typed.size())), ssize_t(typed.size()));
    char line[64];
    QCOMPARE(::read(slave, line, sizeof line), ssize_t(typed.size()));
    QByteArray control;
    QTRY_VERIFY((control += drain()).contains("hunter2"));

    // Asked for a secret: the prompt shows, then what is typed does not.
    std::FILE* prompt = ::fdopen(::dup(slave), "w");
    QVERIFY(prompt);
    std::optional<SecureBytes> secret;
    std::thread reader([&] { secret = readSecretLine(slave, "Passphrase", prompt); });
    QByteArray shown;
    QTRY_VERIFY((shown += drain()).contains("Passphrase: "));
    QCOMPARE(::write(master, typed.constData(), size_t(typed.size())), ssize_t(typed.size()));
    reader.join();
    std::fclose(prompt);
    QCOMPARE(text(secret), QByteArray("hunter2-correct-horse"));
    QTest::qWait(50);
    shown += drain();
    QVERIFY2(!shown.contains("hunter2"), shown.constData());
    termios after{};
    QCOMPARE(::tcgetattr(slave, &after), 0);
    QVERIFY(after.c_lflag & ECHO); // restored
    ::close(slave);
    ::close(master);
}

QTEST_GUILESS_MAIN(TestSecretInput)
#include "TestSecretInput.moc"
