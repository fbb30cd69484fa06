// ServerProcess: runs a real htmse-server on a free loopback port for a test and stops it
// (SIGTERM, then kill) when the test ends.
#pragma once

#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

namespace htmse::test {

class ServerProcess
{
public:
    ServerProcess() = default;
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;
    ~ServerProcess() { stop(); }

    // Starts `htmse-server serve --listen 127.0.0.1:0 <extra>` and waits for its "listening" line.
    bool start(const QString& executable, const QStringList& extra = {})
    {
        m_process.setProgram(executable);
        m_process.setArguments(
            QStringList{QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} + extra);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        // The server logs a line per request: drain stderr as it comes, or its pipe fills up
        // and the server blocks in write().
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { m_log += m_process.readAllStandardError(); });
        m_process.start();
        if (!m_process.waitForStarted(10'000))
            return false;
        static const QRegularExpression listening(QStringLiteral("listening on (https?://\\S+)"));
        QByteArray out;
        for (int i = 0; i < 100 && m_process.state() == QProcess::Running; ++i) {
            m_process.waitForReadyRead(100);
            out += m_process.readAllStandardOutput();
            const auto m = listening.match(QString::fromUtf8(out));
            if (m.hasMatch()) {
                m_url = QUrl(m.captured(1));
                return true;
            }
        }
        return false;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10'000)) {
            m_process.kill();
            m_process.waitForFinished(5'000);
        }
    }

    QUrl url() const { return m_url; }
    // Everything the server has written to stderr (its JSON log) so far.
    QByteArray log()
    {
        m_log += m_process.readAllStandardError();
        return m_log;
    }
    QProcess& process() { return m_process; }

private:
    QProcess m_process;
    QUrl m_url;
    QByteArray m_log;
};

} // namespace htmse::test
