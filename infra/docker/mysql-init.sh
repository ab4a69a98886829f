#!/usr/bin/env bash
# Run once by the mysql image's entrypoint on a fresh volume: creates the service users.
set -euo pipefail
/opt/shop/mysql-service-users.sh | mysql --protocol=socket -uroot -p"$MYSQL_ROOT_PASSWORD"
