"""The tutorial workflow through boto3 against a Rampart server (run by boto3.test.ts).

Configuration comes from the environment exactly as a user has it after `rampart serve` prints its export lines:
AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE (with endpoint_url) and AWS_PROFILE. Prints one JSON object.
"""
import json
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

config = Config(retries={"max_attempts": 1, "mode": "standard"})
ec2 = boto3.client("ec2", config=config)
out = {}


def failure(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
    return ["no error", 200]


def perms(group_id, key):
    g = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    return [[p["IpProtocol"], p.get("FromPort"), p.get("ToPort"), [r["CidrIp"] for r in p["IpRanges"]]] for p in g[key]]


def tcp(port, cidr="0.0.0.0/0"):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}]}


vpc = ec2.create_vpc(CidrBlock="10.0.0.5/16")["Vpc"]
out["vpc_cidr"] = vpc["CidrBlock"]
vpc_id = vpc["VpcId"]
subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
web = ec2.create_security_group(GroupName="web", Description="Web servers", VpcId=vpc_id)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
ec2.revoke_security_group_ingress(GroupId=web, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[tcp(80), tcp(443)])
ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[tcp(22, "203.0.113.7/32")])
ec2.revoke_security_group_egress(GroupId=web, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
ec2.authorize_security_group_egress(GroupId=web, IpPermissions=[tcp(443)])
out["web_ingress"] = perms(web, "IpPermissions")
out["web_egress"] = perms(web, "IpPermissionsEgress")

app = ec2.create_security_group(GroupName="app", Description="App", VpcId=vpc_id)["GroupId"]
db = ec2.create_security_group(GroupName="db", Description="DB", VpcId=vpc_id)["GroupId"]
ec2.authorize_security_group_ingress(
    GroupId=db, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": app}]}]
)
pairs = ec2.describe_security_groups(GroupIds=[db])["SecurityGroups"][0]["IpPermissions"][0]["UserIdGroupPairs"]
out["db_sources"] = [[p["UserId"], "APP" if p["GroupId"] == app else p["GroupId"]] for p in pairs]

out["duplicate"] = failure(ec2.authorize_security_group_ingress, GroupId=web, IpPermissions=[tcp(80)])
out["delete_app"] = failure(ec2.delete_security_group, GroupId=app)
default_sg = ec2.describe_security_groups(
    Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["default"]}]
)["SecurityGroups"][0]["GroupId"]
out["delete_default"] = failure(ec2.delete_security_group, GroupId=default_sg)
out["dry_run"] = failure(ec2.create_security_group, GroupName="dry", Description="x", VpcId=vpc_id, DryRun=True)

creds = boto3.Session().get_credentials()
bad = boto3.client("ec2", config=config, aws_access_key_id=creds.access_key, aws_secret_access_key="wrong")
out["wrong_secret"] = failure(bad.describe_vpcs)

for i in range(11):
    ec2.create_security_group(GroupName=f"page-{i}", Description="p", VpcId=vpc_id)
pages = list(ec2.get_paginator("describe_security_groups").paginate(
    Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["page-*", "web", "app"]}],
    PaginationConfig={"PageSize": 5},
))
out["paginated_groups"] = len({g["GroupId"] for p in pages for g in p["SecurityGroups"]})
out["pages"] = len(pages)

# botocore signs the model's method (POST) unless told otherwise; a link to open with GET says so.
url = ec2.generate_presigned_url("describe_security_groups", Params={"GroupIds": [web]}, ExpiresIn=60, HttpMethod="GET")
out["presigned_status"] = urllib.request.urlopen(url).status

atomic = ec2.create_security_group(GroupName="atomic", Description="a", VpcId=vpc_id)["GroupId"]
failure(ec2.authorize_security_group_ingress, GroupId=atomic, IpPermissions=[tcp(8080), tcp(80, "10.0.0.0/99")])
out["atomic_rules_after_failure"] = len(ec2.describe_security_groups(GroupIds=[atomic])["SecurityGroups"][0]["IpPermissions"])

for g in [db, app, web, atomic] + [
    x["GroupId"] for x in ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["page-*"]}])["SecurityGroups"]
]:
    ec2.delete_security_group(GroupId=g)
ec2.delete_subnet(SubnetId=subnet_id)
ec2.delete_vpc(VpcId=vpc_id)
out["cleanup"] = "ok"
print(json.dumps(out))
