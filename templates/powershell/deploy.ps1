#Requires -Version 5.1
#Requires -Modules GroupPolicy
<#
.SYNOPSIS
    Deploys the sign-in GPOs of a sipgpo site, links them in order, and adds the DNS records the site lacks.
.DESCRIPTION
    For each GPO: New-GPO when it does not exist, Import-GPO from the backup in GPOs\, then New-GPLink (or
    Set-GPLink) at its OU or domain root with its link order. Then the DNS records the site lacks: those missing
    from the inside view on -DnsServer, those missing from the outside view only on -ExternalDnsServer.
    Run on a domain-joined machine with the Group Policy Management tools (and the DNS Server tools for
    the records). Run with -WhatIf first. Safe to run again.
    The functions come from sipgpo's templates/powershell/deploy.ps1; the calls at the end are the site's.
.PARAMETER BackupPath
    The folder holding the GPO backups (default: GPOs beside this script).
.PARAMETER DnsServer
    The DNS server clients inside the firewall ask, for the records missing from the inside view (default: this
    machine).
.PARAMETER ExternalDnsServer
    The DNS server of the public zone, for the records missing from the outside view. Without it those records
    are not added (a warning names each): the internal server answers only clients inside.
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string] $BackupPath = '',
    [string] $DnsServer = $env:COMPUTERNAME,
    [string] $ExternalDnsServer = ''
)
$ErrorActionPreference = 'Stop'

# Not a default in param(): $PSScriptRoot is empty there under 'powershell.exe -File' in Windows PowerShell 5.1.
if (-not $BackupPath) {
    $here = $PSScriptRoot
    if (-not $here) { $here = Split-Path -Parent $MyInvocation.MyCommand.Path }
    $BackupPath = Join-Path $here 'GPOs'
}

# Creates the GPO when no GPO of this name exists, then imports its settings from its backup.
function Deploy-SipgpoGpo {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string] $Name, [string] $Domain, [string] $Comment)
    if (-not (Get-GPO -Name $Name -Domain $Domain -ErrorAction SilentlyContinue)) {
        if ($PSCmdlet.ShouldProcess($Name, 'New-GPO')) {
            New-GPO -Name $Name -Domain $Domain -Comment $Comment | Out-Null
        }
    }
    if ($PSCmdlet.ShouldProcess($Name, 'Import-GPO')) {
        Import-GPO -BackupGpoName $Name -Path $script:BackupPath -TargetName $Name -Domain $Domain | Out-Null
    }
}

# Links the GPO at the target with this link order, or sets the order of the link that exists.
function Set-SipgpoLink {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string] $Name, [string] $Domain, [string] $Target, [int] $Order, [switch] $Enforced)
    $existing = (Get-GPInheritance -Target $Target -Domain $Domain).GpoLinks |
        Where-Object { $_.DisplayName -eq $Name }
    $link = @{ Name = $Name; Target = $Target; Domain = $Domain; Order = $Order; LinkEnabled = 'Yes' }
    if ($Enforced) { $link.Enforced = 'Yes' }
    if ($PSCmdlet.ShouldProcess($Target, ('link {0} with order {1}' -f $Name, $Order))) {
        if ($existing) {
            Set-GPLink @link | Out-Null
        } else {
            New-GPLink @link | Out-Null
        }
    }
}

# Adds an SRV record the site lacks, when the zone has no SRV record of that name yet. A record missing from the
# outside view goes only to -ExternalDnsServer: the internal server answers only clients inside.
function Add-SipgpoSrvRecord {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [string] $View, [string] $Zone, [string] $Name, [string] $Target, [int] $Priority, [int] $Weight,
        [int] $Port, [int] $TimeToLive, [string] $Record
    )
    $server = $script:DnsServer
    if ($View -eq 'outside') {
        $server = $script:ExternalDnsServer
        if (-not $server) {
            Write-Warning ('not added: {0} (missing from the outside view: run again with -ExternalDnsServer naming the server of the public zone, or add it there)' -f $Record)
            return
        }
    }
    if (-not (Get-DnsServerResourceRecord -ComputerName $server -ZoneName $Zone -Name $Name -RRType Srv -ErrorAction SilentlyContinue)) {
        if ($PSCmdlet.ShouldProcess($Record, ('Add-DnsServerResourceRecord on {0}' -f $server))) {
            $srv = @{
                ComputerName = $server; ZoneName = $Zone; Name = $Name; Srv = $true; DomainName = $Target
                Priority = $Priority; Weight = $Weight; Port = $Port; TimeToLive = [TimeSpan]::FromSeconds($TimeToLive)
            }
            Add-DnsServerResourceRecord @srv
        }
    }
}
