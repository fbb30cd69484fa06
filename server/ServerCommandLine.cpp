#include "ServerCommandLine.h"

#include "ExitCodes.h"
#include "HttpService.h"
#include "JsonLog.h"
#include "QuitOnSignal.h"
#include "demo/DemoDirectoryGenerator.h"
#include "htmse/Version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QSaveFile>
#include <QUrl>

#include <cstdio>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

void printOut(const QString& text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printError(const QString& text)
{
    const QByteArray bytes = "htmse-server: " + text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

const char* const kUsage = R"(Usage: htmse-server [--version] [--help] COMMAND [OPTIONS]

The HTMSE central directory and referral exchange.

Commands:
  serve   [STORE] [--listen 127.0.0.1:PORT] [--tls-cert FILE --tls-key FILE]
  migrate [STORE]
  create-org  [STORE] --name NAME
  create-user [STORE] --org NAME --user USER --role ROLE [--professional-id ID]
  import-hsds [STORE] PATH
  seed [STORE] --profiles N --seed S | seed --profiles N --seed S --out FILE

STORE is --data-dir DIR (an embedded SQLite file, the zero-setup default) or
--database postgresql://USER@HOST:PORT/NAME (production). Passwords are read from
standard input, never from arguments.
)";

struct Listen
{
    QHostAddress address;
    quint16 port = 0;
    bool ok = false;
};

// "127.0.0.1:8470", "[::1]:8470", "localhost:0"
Listen parseListen(const QString& text)
{
    Listen out;
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return out;
    QString host = text.left(colon);
    bool portOk = false;
    const uint port = text.mid(colon + 1).toUInt(&portOk);
    if (!portOk || port > 65535)
        return out;
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host == "localhost"_L1)
        out.address = QHostAddress(QHostAddress::LocalHost);
    else if (!out.address.setAddress(host))
        return out;
    out.port = quint16(port);
    out.ok = true;
    return out;
}

struct Store
{
    QString kind; // sqlite | postgresql
    QString location;
};

// The store options: --data-dir DIR or --database URL (exactly one; --data-dir ./data by default).
bool parseStore(const QCommandLineParser& p, Store* store, QString* error)
{
    const bool dataDir = p.isSet(u"data-dir"_s);
    const bool database = p.isSet(u"database"_s);
    if (dataDir && database) {
        *error = u"give either --data-dir or --database, not both"_s;
        return false;
    }
    if (database) {
        const QUrl url(p.value(u"database"_s), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != "postgresql"_L1 && url.scheme() != "postgres"_L1)) {
            *error = u"--database must be a postgresql:// URL"_s;
            return false;
        }
        *store = {u"postgresql"_s, url.toString(QUrl::RemovePassword)};
        return true;
    }
    *store = {u"sqlite"_s, QDir(p.value(u"data-dir"_s)).absolutePath()};
    return true;
}

int serve(const QCommandLineParser& p, const Store& store)
{
    const Listen listen = parseListen(p.value(u"listen"_s));
    if (!listen.ok) {
        printError(u"--listen must be HOST:PORT, e.g. 127.0.0.1:8470"_s);
        return exitcode::kUsage;
    }
    if (p.isSet(u"tls-cert"_s) || p.isSet(u"tls-key"_s)) {
        printError(u"TLS is not available in this version yet; run behind a TLS-terminating proxy"_s);
        return exitcode::kUsage;
    }
    if (store.kind == "sqlite"_L1 && !QDir().mkpath(store.location)) {
        printError(u"cannot create the data directory %1"_s.arg(store.location));
        return exitcode::kNetwork;
    }
    HttpService service({store.kind});
    const quint16 port = service.listen(listen.address, listen.port);
    if (port == 0) {
        printError(u"cannot listen on %1: the port is in use or the address is not local"_s.arg(p.value(u"listen"_s)));
        return exitcode::kNetwork;
    }
    quitOnTerminationSignals();
    const QString host = listen.address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + listen.address.toString() + u']'
                             : listen.address.toString();
    // Scripts and tests read this line to learn the port when --listen asked for port 0.
    printOut(u"htmse-server listening on http://%1:%2"_s.arg(host).arg(port));
    logEvent(u"info"_s, u"server.started"_s, {{u"port"_s, int(port)}, {u"store"_s, store.kind}});
    const int rc = QCoreApplication::exec();
    logEvent(u"info"_s, u"server.stopped"_s);
    return rc;
}

int seed(const QCommandLineParser& p)
{
    bool countOk = false;
    bool seedOk = false;
    const qlonglong count = p.value(u"profiles"_s).toLongLong(&countOk);
    const qulonglong seedValue = p.value(u"seed"_s).toULongLong(&seedOk);
    if (!p.isSet(u"profiles"_s) || !countOk || count < 0 || count > 10'000'000) {
        printError(u"--profiles must be a whole number from 0 to 10000000"_s);
        return exitcode::kUsage;
    }
    if (!p.isSet(u"seed"_s) || !seedOk) {
        printError(u"--seed must be a whole number (the same seed gives the same directory)"_s);
        return exitcode::kUsage;
    }
    if (!p.isSet(u"out"_s)) {
        printError(u"seeding the server's store arrives with the store; use --out FILE to write a directory file"_s);
        return exitcode::kUsage;
    }
    const QString out = p.value(u"out"_s);
    QElapsedTimer timer;
    timer.start();
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly)) {
        printError(u"cannot write %1: %2"_s.arg(out, file.errorString()));
        return exitcode::kNetwork;
    }
    QString error;
    const DemoDirectoryGenerator generator(count, seedValue);
    if (!generator.write(&file, &error) || !file.commit()) {
        file.cancelWriting();
        printError(
            u"writing %1 failed, nothing was written: %2"_s.arg(out, error.isEmpty() ? file.errorString() : error));
        return exitcode::kNetwork;
    }
    printOut(
        u"wrote %1 demo profiles (seed %2) to %3 in %4 ms"_s.arg(count).arg(seedValue).arg(out).arg(timer.elapsed()));
    return exitcode::kOk;
}

} // namespace

int runServerCommandLine(const QStringList& arguments)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption help(QStringList{u"h"_s, u"help"_s});
    const QCommandLineOption version(u"version"_s);
    p.addOptions({help,
                  version,
                  {u"data-dir"_s, u"embedded SQLite store directory"_s, u"DIR"_s, u"data"_s},
                  {u"database"_s, u"PostgreSQL URL"_s, u"URL"_s},
                  {u"listen"_s, u"address to listen on"_s, u"HOST:PORT"_s, u"127.0.0.1:8470"_s},
                  {u"tls-cert"_s, u"TLS certificate (PEM)"_s, u"FILE"_s},
                  {u"tls-key"_s, u"TLS private key (PEM)"_s, u"FILE"_s},
                  {u"name"_s, u"organisation name"_s, u"NAME"_s},
                  {u"org"_s, u"organisation name"_s, u"NAME"_s},
                  {u"user"_s, u"user name"_s, u"USER"_s},
                  {u"role"_s, u"role"_s, u"ROLE"_s},
                  {u"professional-id"_s, u"directory profile id"_s, u"ID"_s},
                  {u"profiles"_s, u"number of demo profiles"_s, u"N"_s},
                  {u"seed"_s, u"generator seed"_s, u"S"_s},
                  {u"out"_s, u"output file"_s, u"FILE"_s}});
    if (!p.parse(arguments)) {
        printError(p.errorText());
        return exitcode::kUsage;
    }
    if (p.isSet(version)) {
        printOut(u"htmse-server %1"_s.arg(QLatin1StringView(kVersion)));
        return exitcode::kOk;
    }
    const QStringList positional = p.positionalArguments();
    if (p.isSet(help) || positional.isEmpty()) {
        const QByteArray usage(kUsage);
        std::fwrite(usage.constData(), 1, size_t(usage.size()), p.isSet(help) ? stdout : stderr);
        return p.isSet(help) ? exitcode::kOk : exitcode::kUsage;
    }
    const QString command = positional.first();
    Store store;
    QString error;
    if (!parseStore(p, &store, &error)) {
        printError(error);
        return exitcode::kUsage;
    }
    if (command == "serve"_L1)
        return serve(p, store);
    if (command == "seed"_L1)
        return seed(p);
    static const QStringList later = {u"migrate"_s, u"create-org"_s, u"create-user"_s, u"import-hsds"_s,
                                      u"import-csv"_s};
    if (later.contains(command)) {
        printError(u"'%1' is not available in this version yet"_s.arg(command));
        return exitcode::kUsage;
    }
    printError(u"unknown command '%1'; see htmse-server --help"_s.arg(command));
    return exitcode::kUsage;
}

} // namespace htmse::server
